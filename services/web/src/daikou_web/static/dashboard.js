// Daikou ops dashboard: shows every event of the site's relay of the gateway's live stream as it
// arrives (newest first, at most 300 rows). No token here: the stream is this site's own URL.
(function () {
  "use strict";
  var table = document.getElementById("live");
  if (!table || !window.EventSource) { return; }
  var body = table.querySelector("tbody");
  var status = document.getElementById("live-status");
  var empty = document.getElementById("live-empty");
  var MAX_ROWS = 300;
  var clock = new Intl.DateTimeFormat(document.documentElement.lang === "en" ? "en-GB" : "ja-JP", {
    timeZone: "Asia/Tokyo", hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false
  });

  function say(key, on) {
    status.textContent = status.getAttribute(key);
    status.className = on ? "live on" : "live";
  }
  function cell(row, text, cls) {
    var td = document.createElement("td");
    td.textContent = text || "";
    if (cls) { td.className = cls; }
    row.appendChild(td);
    return td;
  }
  function show(event) {
    var envelope = event.envelope || {};
    var payload = envelope.payload || {};
    var row = document.createElement("tr");
    row.className = "event";
    row.setAttribute("data-type", event.type || envelope.type || "");
    var at = envelope.occurred_at ? new Date(envelope.occurred_at) : new Date();
    cell(row, clock.format(at), "time");
    cell(row, event.type || envelope.type || event.routing_key, "type");
    var order = cell(row, "", "order");
    if (payload.order_id) {
      var link = document.createElement("a");
      link.href = "/ops/dashboard?order_id=" + encodeURIComponent(payload.order_id);
      link.textContent = String(payload.order_id).slice(0, 8);
      order.appendChild(link);
    }
    cell(row, String(envelope.correlation_id || "").slice(0, 12), "flow");
    body.insertBefore(row, body.firstChild);
    while (body.rows.length > MAX_ROWS) { body.deleteRow(-1); }
    if (empty) { empty.hidden = true; }
  }

  var source = new EventSource(table.getAttribute("data-stream"));
  source.addEventListener("subscribed", function () { say("data-live", true); });
  source.addEventListener("event", function (message) {
    try { show(JSON.parse(message.data)); } catch (ignored) { /* a malformed event is skipped */ }
  });
  source.addEventListener("overflow", function () { say("data-overflow", false); source.close(); });
  source.addEventListener("unavailable", function () { say("data-reconnecting", false); });
  source.onerror = function () { say("data-reconnecting", false); };
})();
