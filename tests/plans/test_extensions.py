"""plans/extensions.py: other apps add panels, admin inlines and demo loaders to plans without plans importing
them; the DX index registers its own in IndicatorsConfig.ready()."""

import pytest
from django.template import Context, Engine

from plans import extensions


@pytest.fixture
def registry(monkeypatch):
    monkeypatch.setattr(extensions, "_panels", {page: [] for page in extensions.PAGES})
    monkeypatch.setattr(extensions, "_task_admin_inlines", [])
    monkeypatch.setattr(extensions, "_demo_loaders", [])


def render(text: str, **context) -> str:
    engine = Engine(
        loaders=[("django.template.loaders.locmem.Loader", {"a.html": "[A {{ n }}]", "b.html": "[B {{ obj }}]"})],
        libraries={"extension_panels": "plans.templatetags.extension_panels"},
    )
    return engine.from_string(text).render(Context(context))


def test_panels_render_in_registration_order_with_the_pages_objects(registry):
    extensions.register_panel("task", template="b.html", context=lambda task: {"obj": task})
    extensions.register_panel("task", template="a.html", context=lambda task: {"n": len(task)})
    html = render('{% load extension_panels %}{% extension_panels "task" task %}', task="T-1", n="not passed")
    assert html == "[B T-1][A 3]"


def test_a_page_without_panels_renders_nothing(registry):
    assert render('{% load extension_panels %}<p>{% extension_panels "overview" %}</p>') == "<p></p>"


def test_registering_twice_adds_once_and_an_unknown_page_is_refused(registry):
    def context():
        return {}

    extensions.register_panel("overview", template="a.html", context=context)
    extensions.register_panel("overview", template="a.html", context=context)
    assert len(extensions.panels("overview")) == 1
    extensions.register_demo_loader(context)
    extensions.register_demo_loader(context)
    assert extensions.demo_loaders() == [context]
    with pytest.raises(ValueError):
        extensions.register_panel("nowhere", template="a.html", context=context)


def test_the_dx_index_registers_its_panels_inline_and_demo():
    from indicators import demo, panels
    from indicators.admin import TaskIndicatorInline

    assert [p.context for p in extensions.panels("overview")][0] == panels.rank_card  # then the measured goals
    assert [p.context for p in extensions.panels("task")][0] == panels.task_indicators  # then the history link (api)
    assert extensions.task_admin_inlines() == [TaskIndicatorInline]
    assert extensions.demo_loaders() == [demo.load]
