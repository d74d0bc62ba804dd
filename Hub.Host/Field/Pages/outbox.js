// The phone page's report outbox (issue 24 item 2: "the page works with the report kept in the browser until it is
// sent"). A report is written to localStorage with an id made here before anything goes over the network, and stays
// there until the hub answers 200 for it; the hub stores a report id once, so a resend after a lost answer is
// harmless. Sending is retried when the browser comes back online, every 15 seconds while reports wait, and on load.
"use strict";

const OUTBOX_KEY = "field.outbox";

// A version 4 UUID from crypto.getRandomValues, which (unlike randomUUID) also exists on a plain-HTTP site address.
function newReportId() {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function outboxItems() {
  try { return JSON.parse(localStorage.getItem(OUTBOX_KEY) || "[]"); } catch { return []; }
}

// A shared phone: each engineer's reports are kept under their id, and only their own session sends them, so that
// engineer B's session never sends A's reports as B's (review of session 24). A's wait for A's next sign-in.
function outboxItemsOf(engineerId) {
  return outboxItems().filter((item) => item.engineerId === engineerId);
}

function saveOutbox(items) {
  localStorage.setItem(OUTBOX_KEY, JSON.stringify(items));
}

// Keeps the engineer's report; returns its id. The caller then asks for a send (flushOutbox). Its photos, if any, were
// kept under the same id before (report-photos.js); photos counts them, so that a send knows to look for them.
function queueReport(ticketNo, report, engineerId, reportId = newReportId(), photos = 0) {
  saveOutbox([...outboxItems(), { reportId, ticketNo, engineerId, report: { ...report, reportId }, photos, keptAt: new Date().toISOString(), error: null }]);
  return reportId;
}

function discardReport(reportId) {
  saveOutbox(outboxItems().filter((item) => item.reportId !== reportId));
  dropPhotos(reportId); // report-photos.js
}

let flushing = null;

// Sends every waiting report once, in the order written. A report the hub refuses (4xx other than 401/408/429) stays
// with the hub's reason for the engineer to read and discard; a network error or a 5xx keeps it for the next try.
// onChange(sentItem | null) is called after each change so that the page can redraw. Only engineerId's reports go.
function flushOutbox(send, onChange, engineerId) {
  if (flushing) return flushing;
  const run = async () => {
    for (const item of outboxItemsOf(engineerId)) {
      if (item.error) continue;
      let response;
      try {
        response = await send(item);
      } catch {
        break; // unreachable: keep everything for the next try
      }
      if (response.ok) {
        discardReport(item.reportId);
        onChange(item);
      } else if (response.status >= 400 && response.status < 500 && ![401, 408, 429].includes(response.status)) {
        const body = await response.json().catch(() => ({}));
        saveOutbox(outboxItems().map((i) => i.reportId === item.reportId ? { ...i, error: body.message || `HTTP ${response.status}` } : i));
        onChange(null);
      } else {
        break;
      }
    }
  };
  // Cleared in a callback, which runs after the assignment even when nothing waits (an empty outbox ends at once).
  flushing = run().finally(() => { flushing = null; });
  return flushing;
}
