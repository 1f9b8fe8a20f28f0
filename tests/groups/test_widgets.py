"""The checkbox list renders exactly what Django's CheckboxSelectMultiple renders through its templates."""

import pytest
from django import forms

from groups.forms import GroupForm
from groups.widgets import CheckboxList, SelectList
from tests.factories.groups import AreaFactory, GroupFactory

CHOICES = [("g", [("a", "<A>"), ("b", "B & C")]), ("c", "「C」"), (1, "一")]


def _form(widget_class, data):
    class Form(forms.Form):
        pick = forms.MultipleChoiceField(
            choices=CHOICES, widget=widget_class(attrs={"class": "k", "data-on": True, "data-off": False})
        )
        plain = forms.MultipleChoiceField(choices=CHOICES, widget=widget_class, help_text="説明", required=False)

    return Form(data)


@pytest.mark.parametrize("data", [None, {"pick": ["a", "1"]}, {"pick": ["zzz"]}, {}])
def test_the_markup_is_django_s_own(data):
    ours, django = _form(CheckboxList, data), _form(forms.CheckboxSelectMultiple, data)
    for name in ("pick", "plain"):
        assert str(ours[name]) == str(django[name]), name
    assert "&lt;A&gt;" in str(ours["pick"])


@pytest.mark.django_db
def test_the_group_form_lists_render_as_before():
    AreaFactory(name="<北>")
    group = GroupFactory(fields=[1, 7])
    for data in (None, {"activity_fields": ["1", "x"], "areas": [], "activity_days": ["0", "9"]}):
        form = GroupForm(data, instance=group)
        for name in ("activity_fields", "areas", "activity_days"):
            field = form.fields[name]
            ours = str(form[name])
            field.widget = forms.CheckboxSelectMultiple(attrs=field.widget.attrs, choices=field.widget.choices)
            assert ours == str(form[name]), name


def _select_form(widget_class, data):
    class Form(forms.Form):
        pick = forms.ChoiceField(
            choices=[("", "—"), *CHOICES], widget=widget_class(attrs={"class": "k"}), help_text="説明"
        )
        plain = forms.ChoiceField(choices=CHOICES, widget=widget_class, required=False)

    return Form(data)


@pytest.mark.parametrize("data", [None, {"pick": "a", "plain": "1"}, {"pick": "zzz"}, {}])
def test_the_select_markup_is_django_s_own(data):
    ours, django = _select_form(SelectList, data), _select_form(forms.Select, data)
    for name in ("pick", "plain"):
        assert str(ours[name]) == str(django[name]), name
    assert "&lt;A&gt;" in str(ours["pick"])
