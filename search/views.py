"""/search/?q=: the answer to one search, for anyone, never cached by anyone."""

from django.utils.cache import patch_cache_control
from django.views.generic import TemplateView

from .services import search


class SearchView(TemplateView):
    template_name = "search/results.html"

    def get(self, request, *args, **kwargs):
        answer = search(request.GET.get("q", ""))
        response = self.render_to_response(self.get_context_data(answer=answer, search_query=answer.query))
        # What someone searched for is theirs: no shared cache keeps it (and each search that found
        # nothing is counted, which a cached answer would skip).
        patch_cache_control(response, private=True, no_store=True)
        return response
