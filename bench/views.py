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


def plain_interaction_list():
    """The yardstick of ``bench_sharing``: the project's interaction list view, same template,
    filter form, pagination and count, requested by the same partner professional, but with the
    access layer's filter replaced by the plain foreign key (every interaction of
    ``request.municipality``) and no read-access event. Built on first use: the engagement views
    are imported only when the benchmark runs."""
    from django.views.generic import ListView

    from engagement.views import InteractionList

    class PlainInteractionList(InteractionList):
        def get_queryset(self):
            queryset = (model("Interaction").objects.filter(municipality=self.request.municipality)
                        .order_by(*self.model._meta.ordering, "pk"))
            self.filterset = self.filterset_class(self.request.GET or None, queryset=queryset,
                                                  request=self.request, actor=self.actor)
            return self.filterset.qs.select_related("community", "logged_by")

        def get_context_data(self, **kwargs):
            # ListView's, not ScopedListView's: the same context without the access log.
            context = ListView.get_context_data(self, **kwargs)
            query = self.request.GET.copy()
            query.pop("page", None)
            context.update(filter=self.filterset, querystring=query.urlencode(), can_add=False)
            return context

    return PlainInteractionList.as_view()
