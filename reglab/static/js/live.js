// The live dialog: the big screen and the phones follow the room as it happens.
// Each page listens on a WebSocket; the server says what changed, and the page fetches
// what it shows from the server again (escaped there, as every page is). Whenever the
// socket is down, the page fetches every few seconds instead, so it never stands still.
(function () {
  "use strict";

  function socketUrl(path) {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    return scheme + window.location.host + path;
  }

  // Keeps a socket open (reconnecting with a growing pause) and polls while it is closed.
  function follow(options) {
    var socket = null;
    var pause = 1000;
    var timer = null;
    var statusNode = options.status;

    function setStatus(live) {
      if (statusNode) {
        statusNode.textContent = live ? "" : statusNode.getAttribute("data-offline") || "";
      }
    }

    // One fetch every pollEvery while the socket is closed; a failed reconnect does not
    // push the next fetch further away.
    function poll() {
      if (timer) {
        return;
      }
      timer = setTimeout(function () {
        timer = null;
        options.onPoll();
        if (!socket || socket.readyState !== 1) {
          poll();
        }
      }, options.pollEvery);
    }

    function connect() {
      if (!("WebSocket" in window)) {
        poll();
        return;
      }
      try {
        socket = new WebSocket(socketUrl(options.path));
      } catch (error) {
        poll();
        return;
      }
      socket.onopen = function () {
        pause = 1000;
        clearTimeout(timer);
        timer = null;
        setStatus(true);
        options.onPoll();
      };
      socket.onmessage = function (event) {
        var data;
        try {
          data = JSON.parse(event.data);
        } catch (error) {
          return;
        }
        options.onMessage(data);
      };
      socket.onclose = function () {
        setStatus(false);
        poll();
        setTimeout(connect, pause);
        pause = Math.min(pause * 2, 30000);
      };
    }

    connect();
    poll();
  }

  function screen(main) {
    var target = main.querySelector(".screen-results");
    var pending = false;
    var last = 0;

    function refresh() {
      if (pending) {
        return;
      }
      var wait = Math.max(0, 250 - (Date.now() - last));
      pending = true;
      setTimeout(function () {
        last = Date.now();
        fetch(main.getAttribute("data-live-screen"), {credentials: "same-origin", cache: "no-store"})
          .then(function (response) {
            return response.ok ? response.text() : null;
          })
          .then(function (html) {
            pending = false;
            if (html !== null) {
              // Server-rendered and escaped by Django's templates, like any page.
              target.innerHTML = html;
            }
          })
          .catch(function () {
            pending = false;
          });
      }, wait);
    }

    follow({
      path: main.getAttribute("data-live-socket"),
      status: main.querySelector("[data-live-status]"),
      pollEvery: 3000,
      onPoll: refresh,
      onMessage: refresh
    });
  }

  function room(node) {
    var current = node.getAttribute("data-live-question") || "";

    function moveTo(question) {
      if (String(question || "") !== current) {
        window.location.assign(window.location.pathname);
      }
    }

    follow({
      path: node.getAttribute("data-live-socket"),
      status: node.querySelector("[data-live-status]"),
      pollEvery: 5000,
      onPoll: function () {
        fetch(node.getAttribute("data-live-state"), {credentials: "same-origin", cache: "no-store"})
          .then(function (response) {
            return response.ok ? response.json() : null;
          })
          .then(function (state) {
            if (state) {
              moveTo(state.question ? state.question.id : "");
            }
          })
          .catch(function () {});
      },
      onMessage: function (data) {
        if (data.type === "question") {
          moveTo(data.question);
        }
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var main = document.querySelector("[data-live-screen]");
    if (main) {
      screen(main);
    }
    var node = document.querySelector("[data-live-room]");
    if (node) {
      room(node);
    }
  });
})();
