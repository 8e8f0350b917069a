from django import forms


class DoubleSampleForm(forms.Form):
    """How many of a project's articles to annotate twice: a number ("5") or a share ("20%")."""

    sample = forms.CharField(
        max_length=10,
        label="Double-annotate",
        help_text="A number of articles (5) or a percentage (20%) of those assigned to two or more people.",
    )

    def clean_sample(self) -> dict:
        raw = self.cleaned_data["sample"].strip().replace(" ", "")
        try:
            if raw.endswith("%"):
                percent = float(raw[:-1])
                if not 0 < percent <= 100:
                    raise ValueError
                return {"percent": percent}
            count = int(raw)
            if count < 1:
                raise ValueError
            return {"count": count}
        except ValueError:
            raise forms.ValidationError(
                "Give a whole number of articles (1 or more) or a percentage above 0 and up to 100, like 20%."
            ) from None
