from django.conf import settings


def platform(request):
    """Values every page needs: whether this is the demo."""
    return {"DEMO_MODE": settings.DEMO_MODE}
