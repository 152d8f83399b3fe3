# A reminder belongs to a case: the cases suite's case and program serve here too.
from tests.cases.conftest import case, program  # noqa: F401
