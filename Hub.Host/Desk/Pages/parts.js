// The part requests of a ticket on the desk's ticket page (issue 24 item 3): what the engineer asked for, and what was
// available, short or unknown in the ERP's stock at the time. Read only. Loaded before desk.js, whose globals (api, el,
// language, when) it uses when called.
"use strict";

const PARTS_TEXT = {
  en: {
    parts: "Parts requests", noParts: "No parts requested.", item: "Item", quantity: "Quantity", answer: "Stock",
    availableQty: "Available", available: "available", short: "SHORT", unknown: "UNKNOWN item", by: "{0} · {1} · {2}",
  },
  "zh-CN": {
    parts: "备件申请", noParts: "没有备件申请。", item: "物料", quantity: "数量", answer: "库存",
    availableQty: "可用", available: "有货", short: "缺货", unknown: "未知物料", by: "{0} · {1} · {2}",
  },
};

const tp = (key, ...args) => String(PARTS_TEXT[language][key] ?? key).replace(/\{(\d)\}/g, (_, i) => args[Number(i)]);

async function showPartRequests(ticketNo) {
  const response = await api(`/api/field/tickets/${encodeURIComponent(ticketNo)}/parts`);
  const main = document.getElementById("main");
  // The user may have left the ticket's page while the list loaded: add it only to that page.
  const shown = location.hash.match(/^#\/tickets\/(.+)$/);
  if (!response.ok || !main || !shown || decodeURIComponent(shown[1]) !== ticketNo) return;
  const requests = await response.json();
  const statusClass = { available: "on-track", short: "at-risk", unknown: "breached" };
  const header = el("thead", null, el("tr", null,
    ...[tp("item"), tp("quantity"), tp("answer"), tp("availableQty")].map((h) => el("th", { scope: "col", text: h }))));
  const row = (l) => el("tr", null,
    el("td", { text: l.itemCode }),
    el("td", { text: `${l.quantity} ${l.unit || ""}`.trim() }),
    el("td", null, el("span", { class: statusClass[l.status] || "", text: tp(l.status) })),
    el("td", { text: String(l.available) }));
  const request = (r) => el("div", { class: "part-request", "data-request": r.requestNo },
    el("p", { class: "muted", text: tp("by", r.requestNo, when(r.requestedAt), r.requestedBy) }),
    el("table", null, header.cloneNode(true), el("tbody", null, ...r.lines.map(row))));
  main.append(el("section", { class: "card", id: "part-requests" }, el("h2", { text: tp("parts") }),
    requests.length ? null : el("p", { class: "muted", text: tp("noParts") }),
    ...requests.map(request)));
}
