"""The production channel layer (channels-redis) as configured: a screen that waits longer
than the layer's blocking receive still gets the next vote.

redis-py 8 reads with a 5 s socket timeout by default, the same as channels-redis's
blocking receive, so an idle socket died with redis.TimeoutError; the settings give the
layer a longer socket timeout. Needs Redis on 127.0.0.1:6379 (skipped without it).
"""

import asyncio
import socket
import uuid

import pytest
from channels.layers import channel_layers

from tests.live.conftest import run_in_thread

REDIS_URL = "redis://127.0.0.1:6379/11"


def redis_available() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


pytestmark = pytest.mark.skipif(not redis_available(), reason="no Redis on 127.0.0.1:6379")


@pytest.fixture
def redis_layer(settings, monkeypatch):
    monkeypatch.setenv("CHANNEL_REDIS_URL", REDIS_URL)
    import importlib

    import reglab.settings as project_settings

    layers = importlib.reload(project_settings).CHANNEL_LAYERS
    importlib.reload(project_settings)  # back to this process's environment for the rest
    config = {**layers["default"]["CONFIG"], "prefix": f"reglab-test-{uuid.uuid4().hex[:8]}"}
    settings.CHANNEL_LAYERS = {"default": {**layers["default"], "CONFIG": config}}
    channel_layers.backends.clear()
    yield channel_layers["default"]
    channel_layers.backends.clear()


def test_an_idle_screen_still_gets_the_next_vote(redis_layer):
    assert type(redis_layer).__module__.startswith("channels_redis")

    async def scenario():
        channel = await redis_layer.new_channel()
        await redis_layer.group_add("live-screen-test", channel)
        waiting = asyncio.ensure_future(redis_layer.receive(channel))
        await asyncio.sleep(6.5)  # longer than the blocking receive and redis-py's default
        assert not waiting.done() or waiting.exception() is None
        await redis_layer.group_send("live-screen-test", {"type": "live.tally", "question": 1})
        message = await asyncio.wait_for(waiting, 5)
        await redis_layer.group_discard("live-screen-test", channel)
        await redis_layer.flush()
        return message

    assert run_in_thread(scenario)["question"] == 1
