"""The base of every endpoint under a case (``/cases/<case_id>/...``), in every app.

``CaseAPIView`` adds to the one API base (``alongside.api_views.AlongsideAPIView``) how a case
is reached: through ``case_for`` (404 for outsiders, 403 for insiders without the right) or,
when its content is about to be shown, ``case_read`` (the same, audited as a view).
"""

from alongside.api_views import AlongsideAPIView
from cases.access import CaseAction, case_for
from cases.selectors import case_read


class CaseAPIView(AlongsideAPIView):
    def case(self, action: CaseAction = CaseAction.VIEW):
        """The case of the path, for ``action``."""
        return case_for(self.request.user, self.kwargs["case_id"], action)

    def case_read(self, *, audited: bool = True):
        """The case of the path, whose content is about to be shown: audited as a view."""
        return case_read(actor=self.request.user, case_id=self.kwargs["case_id"], audited=audited)
