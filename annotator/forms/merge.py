"""Merging two actors or two propositions: the reviewer picks the record that stays."""

from django import forms


class MergeForm(forms.Form):
    """`source` is merged into the chosen `target`; only live records other than `source` qualify."""

    target = forms.ModelChoiceField(
        queryset=None,
        label="Merge into",
        error_messages={
            "required": "Choose what to merge into.",
            "invalid_choice": "That one cannot be merged into: it no longer exists or was itself merged away.",
        },
    )

    def __init__(self, *args, model, source, visible=None, **kwargs):
        """`visible`: narrows the candidates to those the reviewer may read (projects)."""
        super().__init__(*args, **kwargs)
        self.source = source
        candidates = model.objects.filter(merged_into__isnull=True).exclude(pk=source.pk)
        self.fields["target"].queryset = candidates if visible is None else visible(candidates)
