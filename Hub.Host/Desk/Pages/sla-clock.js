// The SLA countdown of the desk and of the engineer's phone page: the clock of a ticket's current target, response
// until somebody responds (acknowledges, accepts), then resolution; at risk within 30 minutes, breached when past.
"use strict";

function slaSpan(ms) {
  const total = Math.floor(Math.abs(ms) / 1000);
  const h = Math.floor(total / 3600), m = Math.floor((total % 3600) / 60), s = total % 60;
  return `${h}:${String(m).padStart(2, "0")}:${String(s).padStart(2, "0")}`;
}

// t is the page's text function, with the keys met, none, overdue, respondIn and resolveIn.
function slaClock(ticket, t) {
  if (!["Open", "Acknowledged"].includes(ticket.status)) return { text: t("met"), state: "met" };
  const due = ticket.respondedAt ? ticket.resolveBy : ticket.respondBy;
  if (!due) return { text: t("none"), state: "met" };
  const left = new Date(due) - Date.now();
  const state = left <= 0 ? "breached" : left <= 30 * 60 * 1000 ? "at-risk" : "on-track";
  const text = left <= 0 ? t("overdue", slaSpan(left)) : t(ticket.respondedAt ? "resolveIn" : "respondIn", slaSpan(left));
  return { text, state };
}
