"""A serializer's output shape, read from the serializer itself, for building the same
dicts by hand: from `values_list` rows (reads) or from model instances (a create's answer).

The DRF serializers stay the one definition of what the API returns (and of its OpenAPI
schema). `Shape.of(StatementSerializer)` walks the serializer's fields once per process:
each field's `source` gives the ORM path to select and the attributes to read, nested
serializers become nested dicts (None when the link is empty), and each value goes
through the field's own `to_representation` unless the field hands plain values back
unchanged. A field this cannot follow (a SerializerMethodField, a property without a
rule in COMPUTED) raises at import: the fast path must not silently drift from the
serializer. tests/api/test_fast_paths.py checks the result equals the serializer's."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from rest_framework import serializers

from annotator.models import Article

# Fields whose `to_representation` returns a plain database value unchanged.
_AS_IS = (
    serializers.IntegerField,
    serializers.CharField,  # and URLField, SlugField, EmailField: str(value) of a str
    serializers.ChoiceField,
    serializers.BooleanField,
    serializers.PrimaryKeyRelatedField,
)


def _display_title(article_id, title):
    # Article.display_title itself (its text read then), for the rare row without a stored title.
    return title or Article.from_db("default", ["id", "title"], [article_id, title]).display_title


# Model properties a serializer shows: the columns they are computed from, and how.
COMPUTED: dict[tuple[type, str], tuple[tuple[str, ...], Callable]] = {
    (Article, "display_title"): (("id", "title"), _display_title),
}


@dataclass
class _Leaf:
    key: str
    paths: tuple[str, ...]  # ORM paths, relative to the shape's model
    attrs: tuple[tuple[str, ...], ...]  # attribute chains on an instance, one per path
    convert: Callable | None  # applied to each non-None value
    combine: Callable | None = None  # for computed values: f(*values)
    indexes: tuple[int, ...] = ()


@dataclass
class _Nested:
    key: str
    shape: Shape
    id_index: int = 0


class Shape:
    """The output of one serializer class, as an ordered list of leaves and nested shapes."""

    def __init__(self, items: list, model: type[models.Model]):
        self.items = items
        self.model = model
        self.paths: list[str] = []

    @classmethod
    def of(cls, serializer_class) -> Shape:
        shape = _shape(serializer_class(), prefix="", attrs=())
        shape._index(shape.paths)
        return shape

    def _index(self, paths: list[str]) -> None:
        for item in self.items:
            if isinstance(item, _Leaf):
                item.indexes = tuple(_slot(paths, p) for p in item.paths)
            else:
                item.id_index = _slot(paths, item.shape.id_path)
                item.shape._index(paths)

    def from_row(self, row: tuple) -> dict:
        out = {}
        for item in self.items:
            if isinstance(item, _Nested):
                out[item.key] = None if row[item.id_index] is None else item.shape.from_row(row)
            elif item.combine is not None:
                out[item.key] = item.combine(*(row[i] for i in item.indexes))
            else:
                value = row[item.indexes[0]]
                out[item.key] = value if value is None or item.convert is None else item.convert(value)
        return out

    def from_instance(self, obj) -> dict:
        out = {}
        for item in self.items:
            if isinstance(item, _Nested):
                linked = _follow(obj, item.shape.link_attrs)
                out[item.key] = None if linked is None else item.shape.from_instance(obj)
            elif item.combine is not None:
                out[item.key] = item.combine(*(_follow(obj, a) for a in item.attrs))
            else:
                value = _follow(obj, item.attrs[0])
                out[item.key] = value if value is None or item.convert is None else item.convert(value)
        return out


def _slot(paths: list[str], path: str) -> int:
    if path not in paths:
        paths.append(path)
    return paths.index(path)


def _follow(obj, attrs: tuple[str, ...]):
    for name in attrs:
        if obj is None:
            return None
        obj = getattr(obj, name)
    return obj


def _join(prefix: str, name: str) -> str:
    return f"{prefix}__{name}" if prefix else name


def _shape(serializer, *, prefix: str, attrs: tuple[str, ...]) -> Shape:
    model = serializer.Meta.model
    items = []
    paths: list[str] = []
    for key, field in serializer.fields.items():
        if field.write_only:
            continue
        source = tuple(field.source_attrs)
        if isinstance(field, serializers.BaseSerializer):
            if isinstance(field, serializers.ListSerializer) or len(source) != 1:
                raise TypeError(f"{type(serializer).__name__}.{key}: only single nested links can be built by hand")
            nested = _shape(field, prefix=_join(prefix, source[0]), attrs=(*attrs, source[0]))
            nested.link_attrs = (*attrs, source[0])
            items.append(_Nested(key, nested))
            continue
        if isinstance(field, serializers.SerializerMethodField):
            raise TypeError(f"{type(serializer).__name__}.{key}: a method field cannot be built by hand")
        computed = COMPUTED.get((model, source[0])) if len(source) == 1 else None
        if computed is not None:
            columns, combine = computed
            items.append(
                _Leaf(
                    key,
                    tuple(_join(prefix, c) for c in columns),
                    tuple((*attrs, c) for c in columns),
                    None,
                    combine,
                )
            )
            continue
        if len(source) == 1 and isinstance(getattr(model, source[0], None), property):
            raise TypeError(f"{type(serializer).__name__}.{key}: property {source[0]} needs a rule in COMPUTED")
        chain = list(source)
        if len(chain) == 1 and isinstance(field, serializers.PrimaryKeyRelatedField):
            # The link's id: `article` in values(), `article_id` on an instance.
            chain_attrs = (*attrs, model._meta.get_field(chain[0]).attname)
        else:
            chain_attrs = (*attrs, *chain)
        convert = None if type(field) in _AS_IS or isinstance(field, _AS_IS) else field.to_representation
        items.append(_Leaf(key, (_join(prefix, "__".join(chain)),), (chain_attrs,), convert))
    shape = Shape(items, model)
    shape.paths = paths
    shape.id_path = _join(prefix, "id")
    shape.link_attrs = attrs
    return shape
