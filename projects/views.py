from django.contrib.auth.decorators import login_required
from django.http import HttpResponse

from . import selectors


@login_required
def dashboard(request):
    projects = selectors.projects_visible_to(request.user)
    return HttpResponse(", ".join(p.title for p in projects))


def invitation_accept(request, token):
    invitation = selectors.invitation_by_token(token)
    return HttpResponse(str(invitation))
