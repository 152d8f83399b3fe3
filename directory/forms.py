"""The directory's forms check shape (required names, e-mail and URL shapes, ages); the
directory's services write."""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from directory.models import Organization, Service, TaxonomyTerm
from directory.services import ORGANIZATION_FIELDS, SERVICE_FIELDS


def _formfield(field, **kwargs):
    # Addresses typed without a scheme are read as https.
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class OrganizationForm(forms.ModelForm):
    class Meta:
        model = Organization
        formfield_callback = _formfield
        fields = ORGANIZATION_FIELDS
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        parents = Organization.objects.order_by("name")
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent_organization"].queryset = parents
        self.fields["parent_organization"].empty_label = _("None")


class ServiceForm(forms.ModelForm):
    taxonomy_terms = forms.ModelMultipleChoiceField(
        label=_("Categories"),
        queryset=TaxonomyTerm.objects.order_by("taxonomy", "name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Service
        formfield_callback = _formfield
        fields = SERVICE_FIELDS
        widgets = {
            name: forms.Textarea(attrs={"rows": 2})
            for name in (
                "description",
                "interpretation_services",
                "application_process",
                "fees_description",
                "eligibility_description",
                "alert",
            )
        }

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in SERVICE_FIELDS}


class ServiceStatusForm(forms.Form):
    status = forms.ChoiceField(choices=Service._meta.get_field("status").choices)


class HSDSImportForm(forms.Form):
    file = forms.FileField(
        label=_("HSDS file"),
        help_text=_(
            "HSDS 3.0 JSON (an organization, a service, or a list of them), or the tabular "
            "package as a zip (datapackage.json and one CSV per table). HSDS 1.1 and 2.0 are "
            "not read: convert them to 3.0 first."
        ),
    )


class PartnerUserForm(forms.Form):
    user = forms.ModelChoiceField(label=_("Partner-agency account"), queryset=None)

    def __init__(self, *args, accounts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = accounts
        self.fields["user"].label_from_instance = lambda user: f"{user.full_name} ({user.email})"
