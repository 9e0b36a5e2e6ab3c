"""Every field of every model of meedoen is either categorised in the personal-data
registry or explicitly marked as not personal data of residents: a new field that is
neither fails here, so nobody can add personal data without deciding who may read it."""

from django.apps import apps

from meedoen.core.categories import Category
from meedoen.core.personal_data import NOT_PERSONAL, registry


def _project_models():
    return [m for m in apps.get_models() if m.__module__.startswith("meedoen.")]


def test_every_model_is_declared():
    missing = [
        m._meta.label for m in _project_models() if m not in registry.declarations
    ]
    assert not missing, f"Models without a personal-data declaration: {missing}"


def test_every_field_is_categorised_or_marked_not_personal():
    problems = []
    for model in _project_models():
        declaration = registry.declarations.get(model)
        if declaration is None:
            continue
        names = {f.name for f in model._meta.get_fields() if f.concrete}
        undeclared = names - declaration.declared()
        if undeclared:
            problems.append(f"{model._meta.label}: {sorted(undeclared)}")
    assert not problems, "Fields neither categorised nor not personal:\n" + "\n".join(
        problems
    )


def test_static_categories_are_real_categories():
    for declaration in registry:
        for name, source in declaration.fields.items():
            if isinstance(source, str):
                assert source in Category.values, (declaration.model, name, source)
                assert source != NOT_PERSONAL


def test_declared_fields_exist_on_the_model():
    """A declaration names fields (or computed attributes) the model has."""
    for declaration in registry:
        model = declaration.model
        for name in declaration.declared():
            assert hasattr(model, name) or name in {
                f.name for f in model._meta.get_fields()
            }, (model._meta.label, name)


def test_every_free_text_is_categorised():
    """Text fields are where anything can be written: none of them is 'not personal'
    unless it is configuration (a model declared wholly not personal)."""
    from django.db import models

    problems = []
    for declaration in registry:
        if not declaration.fields:
            continue  # configuration: no personal data at all
        for f in declaration.model._meta.get_fields():
            if isinstance(f, models.TextField) and f.name in declaration.not_personal:
                problems.append(f"{declaration.model._meta.label}.{f.name}")
    assert not problems, problems
