"""Fields are bounded before a service or the database sees them: the forms' base and our model fields."""

from decimal import Decimal

import pytest
from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError

from goals.forms import MandateGoalForm
from organisation.models import Decision, OrgUnit
from styrmodell.forms import Form, ModelForm
from styrmodell.validation import (
    INTEGER_MAX,
    SMALLINT_MAX,
    excerpt,
    one_line,
    validate_multiline,
    validate_single_line,
)
from tests.factories import ActivityFactory, DecisionFactory

CONTROLS = ["\r\n", "\n", "\r", "\t", "\x00", "\x01", "\x1b", "\x7f", "\x85", "\u2028", "\u2029"]


class TestValidators:
    @pytest.mark.parametrize("char", CONTROLS)
    def test_a_single_line_refuses_every_control_character(self, char):
        with pytest.raises(ValidationError):
            validate_single_line(f"Budget{char}2027")

    @pytest.mark.parametrize("char", ["\x00", "\x01", "\x1b", "\x7f", "\u2028"])
    def test_a_text_refuses_control_characters(self, char):
        with pytest.raises(ValidationError):
            validate_multiline(f"Första stycket{char}andra")

    def test_a_text_keeps_line_breaks_and_tabs(self):
        validate_multiline("Första stycket\r\n\r\nandra\tmed tabb")

    def test_ordinary_swedish_text_passes(self):
        validate_single_line("Åtgärd 3: öka andelen – ”mål” för 2027 (§ 12)")

    def test_one_line_makes_any_text_a_header(self):
        assert one_line("KS antar\r\nverksamhetsplan\x00 2027\u2028") == "KS antar verksamhetsplan 2027"
        assert len(one_line("x" * 10_000, max_length=50)) == 50

    def test_an_excerpt_is_short(self):
        assert excerpt("A" * 1_000_000) == "A" * 39 + "…"


class Sample(Form):
    title = forms.CharField(max_length=200)
    text = forms.CharField(widget=forms.Textarea, required=False)
    count = forms.IntegerField(required=False)
    share = forms.DecimalField(required=False)


class TestTheFormsBase:
    @pytest.mark.parametrize("value", ["rad ett\r\nrad två", "nul\x00", "styr\x01tecken", "tab\tbed"])
    def test_a_single_line_field_refuses_control_characters(self, value):
        form = Sample({"title": value})
        assert not form.is_valid()
        assert "title" in form.errors

    def test_a_text_area_keeps_its_lines(self):
        form = Sample({"title": "Titel", "text": "Ett\r\nTvå"})
        assert form.is_valid(), form.errors

    @pytest.mark.parametrize("value", ["2147483648", "-2147483649", "9" * 30])
    def test_an_integer_beyond_a_column_is_a_field_error(self, value):
        form = Sample({"title": "Titel", "count": value})
        assert not form.is_valid()
        assert "count" in form.errors

    def test_the_largest_integer_is_accepted(self):
        assert Sample({"title": "Titel", "count": str(INTEGER_MAX)}).is_valid()

    @pytest.mark.parametrize("value", ["1e30", "1" * 26, "1E+999999999"])
    def test_a_decimal_beyond_any_column_is_a_field_error(self, value):
        form = Sample({"title": "Titel", "share": value})
        assert not form.is_valid()
        assert "share" in form.errors

    def test_an_ordinary_decimal_is_accepted(self):
        form = Sample({"title": "Titel", "share": "12.5"})
        assert form.is_valid()
        assert form.cleaned_data["share"] == Decimal("12.5")

    def test_fields_added_in_init_are_bounded_too(self):
        class Late(Form):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                self.fields["late"] = forms.IntegerField()

        form = Late({"late": "2147483648"})
        assert not form.is_valid()
        assert "late" in form.errors

    def test_the_goal_number_fits_its_small_integer_column(self):
        form = MandateGoalForm({"title": "Mål", "position": str(SMALLINT_MAX + 1)})
        assert not form.is_valid()
        assert "position" in form.errors

    def test_bounds_are_html_attributes_only_where_html_allows_them(self):
        """The Nu HTML Checker refuses min/max on a text input and maxlength on a select."""

        class Mixed(Form):
            amount = forms.IntegerField()
            year = forms.IntegerField(widget=forms.TextInput(attrs={"inputmode": "numeric"}))
            kind = forms.CharField(max_length=20, widget=forms.Select(choices=[("a", "A")]))

        form = Mixed({"amount": "1", "year": "2026", "kind": "a"})
        assert form.is_valid()
        html = str(form)
        assert f'max="{INTEGER_MAX}"' in str(form["amount"])
        assert "max=" not in str(form["year"])
        assert "min=" not in str(form["year"])
        assert "maxlength" not in str(form["kind"]), html

    @pytest.mark.django_db
    def test_an_integer_model_field_is_bounded_by_its_column(self):
        class DecisionForm(ModelForm):
            class Meta:
                model = Decision
                fields = ["paragraph"]

        assert "paragraph" in DecisionForm({"paragraph": str(INTEGER_MAX + 1)}).errors

    @pytest.mark.django_db
    @pytest.mark.parametrize("value", ["1" * 26, "-" + "9" * 20])
    def test_an_id_beyond_any_integer_is_an_invalid_choice(self, value):
        class Choose(Form):
            unit = forms.ModelChoiceField(queryset=OrgUnit.objects.all())
            units = forms.ModelMultipleChoiceField(queryset=OrgUnit.objects.all())

        form = Choose({"unit": value, "units": [value]})
        assert not form.is_valid()
        assert set(form.errors) == {"unit", "units"}


@pytest.mark.django_db
class TestSingleLineModelFields:
    def test_titles_names_and_codes_are_single_line_fields(self):
        """Every free-text CharField of our apps is a LineField; only choices stay plain."""
        plain = [
            f"{model.__name__}.{field.name}"
            for app in ("organisation", "goals", "planning", "followup", "calendar_wheel")
            for model in apps.get_app_config(app).get_models()
            # The user's fields are Django's own (the username has its own validator).
            if not model.__name__.startswith("Historical") and model.__name__ != "User"
            for field in model._meta.get_fields()
            if type(field).__name__ == "CharField" and not field.choices and field.editable
        ]
        assert plain == []

    def test_the_model_refuses_a_line_break(self):
        activity = ActivityFactory(title="Rad ett\r\nrad två")
        with pytest.raises(ValidationError) as refused:
            activity.full_clean()
        assert "title" in refused.value.message_dict

    def test_a_plain_django_model_form_refuses_a_line_break(self):
        """As the admin's forms do: Django's own ModelForm, not our base, runs the model's validators."""
        decision = DecisionFactory()
        form_class = forms.modelform_factory(Decision, fields=["title"])
        form = form_class({"title": "Ärende\r\nmed radbrytning"}, instance=decision)
        assert not form.is_valid()
        assert "title" in form.errors
