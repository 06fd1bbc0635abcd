from django.urls import path

from reglab.live import consumers

websocket_urlpatterns = [
    path("ws/meetings/<int:meeting_id>/screen/", consumers.ScreenConsumer.as_asgi()),
    path("ws/live/<str:code>/", consumers.RoomConsumer.as_asgi()),
]
