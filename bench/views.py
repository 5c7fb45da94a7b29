"""The yardstick of ``bench_pages``: a bare list of 50 interactions of the current municipality,
behind the project's full middleware, mounted only in ``bench.urls``."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .data import model

BARE_ROWS = 50


@login_required
def bare_list(request):
    """The newest ``BARE_ROWS`` interactions of ``request.municipality`` (by id, which follows
    the primary key index whatever other indexes exist, so the yardstick does not move when the
    pages gain indexes), each with its community, in a table with no filter, pagination or
    site chrome."""
    rows = (
        model("Interaction").objects.filter(municipality=request.municipality)
        .select_related("community").order_by("-pk")[:BARE_ROWS]
    )
    return render(request, "bench/bare_list.html", {"rows": rows})
