"""The benchmarks' baseline page."""

from django.template.response import TemplateResponse


def trivial(request):
    """The shared layout with one sentence, through the same middleware: what any page costs at least."""
    return TemplateResponse(request, "devtools/bench_trivial.html", {})
