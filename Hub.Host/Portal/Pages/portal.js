// The customer portal: sign-in with a portal token, the customer's orders, and an order's progress with live
// updates. Plain DOM code: every text goes in through textContent, so order data can never become markup, and the
// page runs under a Content-Security-Policy without inline script.
"use strict";

const TEXT = {
  "zh-CN": {
    brand: "订单查询", loading: "加载中…", signOut: "退出", switchTo: "English", languageName: "中文",
    signInTitle: "登录", tokenLabel: "门户令牌", tokenHelp: "令牌在您的邀请邮件中，以 hubp_ 开头。",
    signIn: "登录", badToken: "令牌无效或已被撤销，请联系供应商获取新的邀请。",
    myOrders: "我的订单", searchLabel: "按订单号或物料编码搜索", search: "搜索", clear: "清除",
    noOrders: "没有找到订单。", more: "更多订单", order: "订单号", orderDate: "下单日期", reference: "客户参考号",
    stage: "状态", produced: "已生产", eta: "预计交付", promised: "承诺交期", back: "← 返回订单列表",
    timeline: "进度", lines: "订单行", item: "物料", ordered: "订购", shipped: "已发货", qc: "质检结果",
    shipments: "发货", shipment: "发货单", carrier: "承运商", tracking: "运单号", shippedAt: "发货时间",
    deliveredAt: "签收时间", noShipments: "尚未发货。", notFound: "没有找到该订单。请核对订单确认书上的订单号。",
    changed: "自您上次查看以来：", changedStage: "状态变为 {0}", changedPercent: "生产进度 {0} → {1}",
    changedShipments: "新增发货 {0} 个", changedEta: "预计交付变为 {0}",
    live: "实时更新中", liveLost: "实时更新已断开，正在重连…", failed: "请求失败，请稍后再试。",
    updated: "订单已更新", tooMany: "请求过多，请 {0} 秒后再试。",
    machine: "设备编号", myEquipment: "我的设备", noEquipment: "没有登记的设备。", serial: "序列号", site: "地点", installed: "安装日期",
    readings: "最新数据", noReadings: "暂无数据。", tickets: "服务工单", noTickets: "没有进行中的服务工单。",
    ticketStatus: { Open: "已受理", Acknowledged: "处理中" }, openedAt: "报修时间",
    maintenance: "预防性维护", maintenanceDue: "{0} 到期", maintenanceHours: "还剩 {0} 运行小时", maintenanceAbout: "（约 {0}）",
    maintenanceUnknown: "到期时间尚未确定", noMaintenance: "没有维护计划。",
    stages: { Received: "已接单", Scheduled: "已排产", InProduction: "生产中", QualityCheck: "质检中",
      ReadyToShip: "待发货", PartiallyShipped: "部分发货", Shipped: "已发货", Delivered: "已签收",
      OnHold: "暂停", Cancelled: "已取消" },
    qcValues: { NotRequired: "无需质检", Pending: "待检", Passed: "合格", Failed: "不合格" },
  },
  en: {
    brand: "Order tracking", loading: "Loading…", signOut: "Sign out", switchTo: "中文", languageName: "English",
    signInTitle: "Sign in", tokenLabel: "Portal token", tokenHelp: "The token is in your invitation e-mail and starts with hubp_.",
    signIn: "Sign in", badToken: "This token is unknown or was revoked. Ask your supplier for a new invitation.",
    myOrders: "My orders", searchLabel: "Search by order number or item code", search: "Search", clear: "Clear",
    noOrders: "No orders found.", more: "More orders", order: "Order", orderDate: "Ordered", reference: "Your reference",
    stage: "Status", produced: "Produced", eta: "Expected delivery", promised: "Promised", back: "← Back to my orders",
    timeline: "Progress", lines: "Lines", item: "Item", ordered: "Ordered", shipped: "Shipped", qc: "Quality check",
    shipments: "Shipments", shipment: "Shipment", carrier: "Carrier", tracking: "Tracking number", shippedAt: "Shipped",
    deliveredAt: "Delivered", noShipments: "Nothing shipped yet.", notFound: "No order with this number was found for your account. Check the number on your order confirmation.",
    changed: "Since your last visit:", changedStage: "status is now {0}", changedPercent: "production {0} → {1}",
    changedShipments: "{0} new shipment(s)", changedEta: "expected delivery is now {0}",
    live: "Live", liveLost: "Live updates lost; reconnecting…", failed: "The request failed; please try again later.",
    updated: "Order updated", tooMany: "Too many requests; try again in {0} seconds.",
    machine: "Machine", myEquipment: "My equipment", noEquipment: "No machines are registered for your account.", serial: "Serial number", site: "Site", installed: "Installed",
    readings: "Latest readings", noReadings: "No readings yet.", tickets: "Service tickets", noTickets: "No open service tickets.",
    ticketStatus: { Open: "Received", Acknowledged: "Being handled" }, openedAt: "Reported",
    maintenance: "Preventive maintenance", maintenanceDue: "due {0}", maintenanceHours: "{0} running hours left", maintenanceAbout: " (about {0})",
    maintenanceUnknown: "not scheduled yet", noMaintenance: "No maintenance plan.",
    stages: { Received: "Received", Scheduled: "Scheduled", InProduction: "In production", QualityCheck: "Quality check",
      ReadyToShip: "Ready to ship", PartiallyShipped: "Partially shipped", Shipped: "Shipped", Delivered: "Delivered",
      OnHold: "On hold", Cancelled: "Cancelled" },
    qcValues: { NotRequired: "Not required", Pending: "Pending", Passed: "Passed", Failed: "Failed" },
  },
};

let language = localStorage.getItem("portal.language") || ((navigator.language || "").toLowerCase().startsWith("zh") ? "zh-CN" : "en");
let customer = null;
let live = null;

const main = document.getElementById("main");
const t = (key, ...args) => String(TEXT[language][key] ?? key).replace(/\{(\d)\}/g, (_, i) => args[Number(i)]);

// A value shown with its time is an instant, shown in the browser's zone. A value shown without is a calendar date
// (promised, ordered, installed, ETA): the hub writes it with the offset of the plant's zone, where the source was
// read (2026-12-01T00:00:00+08:00), so the date is the one written there, never the day before in a browser west of
// the plant (issue 16 item 28).
function formatDate(value, withTime) {
  if (!value) return "—";
  if (withTime) return new Intl.DateTimeFormat(language, { dateStyle: "medium", timeStyle: "short" }).format(new Date(value));
  const written = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (!written) return new Intl.DateTimeFormat(language, { dateStyle: "medium" }).format(new Date(value));
  const date = new Date(Date.UTC(Number(written[1]), Number(written[2]) - 1, Number(written[3])));
  return new Intl.DateTimeFormat(language, { dateStyle: "medium", timeZone: "UTC" }).format(date);
}

const percent = (value) => `${Math.round(Number(value) * 10) / 10}%`;
const stageText = (stage) => TEXT[language].stages[stage] ?? stage;

async function api(path, options) {
  const response = await fetch(path, { credentials: "same-origin", ...options, headers: { "X-Hub-Portal": "1", ...(options?.headers || {}) } });
  if (response.status === 401 && !path.endsWith("/session")) {
    customer = null;
    showSignIn();
    throw new Error("unauthorized");
  }
  return response;
}

function show(...nodes) {
  if (live) { live.close(); live = null; }
  showMain(...nodes);
  setChrome(t, language, customer ? customer.name : null);
}

function showSignIn(errorText) {
  const error = el("p", { id: "sign-in-error", class: "error", role: "alert", text: errorText || "" });
  const form = el("form", { class: "card", novalidate: true },
    el("h1", { text: t("signInTitle") }),
    el("label", { for: "token", text: t("tokenLabel") }),
    el("input", { id: "token", name: "token", type: "password", autocomplete: "off", required: true, "aria-describedby": "token-help sign-in-error" }),
    el("p", { id: "token-help", class: "muted", text: t("tokenHelp") }),
    error,
    el("button", { type: "submit", text: t("signIn") }));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    await signIn(form.querySelector("#token").value);
  });
  show(form);
}

async function signIn(token) {
  const response = await api("/api/portal/session", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ token }) });
  if (!response.ok) {
    showSignIn(response.status === 429 ? t("tooMany", response.headers.get("Retry-After") || "60") : t("badToken"));
    return;
  }
  customer = await response.json();
  if (location.hash.startsWith("#token=")) history.replaceState(null, "", "#/");
  route();
}

function tabs(current) {
  return el("nav", { class: "tabs", "aria-label": t("brand") },
    el("a", { href: "#/", "aria-current": current === "orders" ? "page" : null, text: t("myOrders") }),
    el("a", { href: "#/equipment", "aria-current": current === "equipment" ? "page" : null, text: t("myEquipment") }),
    el("a", { href: "#/notifications", "aria-current": current === "notifications" ? "page" : null, text: MILESTONE_TEXT[language].title }),
    el("a", { href: "#/profile", "aria-current": current === "profile" ? "page" : null, text: PROFILE_TEXT[language].title }));
}

async function showEquipment(focus) {
  const response = await api("/api/portal/equipment");
  if (!response.ok) { say(t("failed")); return; }
  const machines = await response.json();
  const categories = await loadReportCategories();
  const cards = machines.map((m) => el("section", { class: "card", "data-asset": m.assetId },
    el("h2", { text: `${m.model || m.assetId}` }),
    el("dl", null,
      el("dt", { text: t("machine") }), el("dd", { text: m.assetId }),
      el("dt", { text: t("serial") }), el("dd", { text: m.serialNo || "—" }),
      el("dt", { text: t("site") }), el("dd", { text: m.site || "—" }),
      el("dt", { text: t("installed") }), el("dd", { text: formatDate(m.installedAt) })),
    el("h3", { text: t("readings") }),
    m.metrics.length === 0 ? el("p", { class: "muted", text: t("noReadings") }) :
      el("table", null, el("tbody", null, ...m.metrics.map((r) => el("tr", null,
        el("th", { scope: "row", text: r.metric }), el("td", { text: `${r.value} ${r.unit || ""}` }), el("td", { class: "muted", text: formatDate(r.at, true) }))))),
    el("h3", { text: t("tickets") }),
    m.openTickets.length === 0 ? el("p", { class: "muted", text: t("noTickets") }) :
      el("ul", { class: "tickets" }, ...m.openTickets.map((k) => el("li", null,
        el("strong", { text: `${k.ticketNo} · ${k.alarmCode}` }), " ",
        el("span", { class: "stage", text: TEXT[language].ticketStatus[k.status] ?? k.status }), " ",
        el("span", { class: "muted", text: `${t("openedAt")} ${formatDate(k.openedAt, true)}` })))),
    ...maintenanceList(m.maintenance || []),
    reportProblemForm(m.assetId, categories, m.assetId === focus)));
  show(el("section", { class: "card" }, tabs("equipment"), el("h1", { text: t("myEquipment") }),
    machines.length === 0 ? el("p", { class: "muted", text: t("noEquipment") }) : null), ...cards);
  // A machine's QR sticker opens #/equipment/<asset>: its card, with the report form open.
  const card = focus ? cards.find((c) => c.dataset.asset === focus) : null;
  if (card) card.scrollIntoView();
}

// Issue 24 item 4: each plan's next due maintenance, a date (calendar plans) or the running hours left with an
// estimated date when the hub has one.
function maintenanceList(plans) {
  const when = (p) => !p.known ? t("maintenanceUnknown")
    : p.hoursLeft != null ? t("maintenanceHours", Math.round(p.hoursLeft)) + (p.dueAt ? t("maintenanceAbout", formatDate(p.dueAt)) : "")
    : t("maintenanceDue", formatDate(p.dueAt));
  return [el("h3", { text: t("maintenance") }),
    plans.length === 0 ? el("p", { class: "muted", text: t("noMaintenance") }) :
      el("ul", { class: "maintenance" }, ...plans.map((p) => el("li", { "data-plan": p.plan },
        el("strong", { text: p.title || p.plan }), " ", el("span", { class: "muted", text: when(p) }))))];
}

async function showOrders(search, page) {
  page = page || 1;
  const query = new URLSearchParams({ page: String(page), pageSize: "20" });
  if (search) query.set("search", search);
  const response = await api(`/api/portal/orders?${query}`);
  if (!response.ok) { say(t("failed")); return; }
  const result = await response.json();
  const input = el("input", { id: "search", type: "search", value: search || "", autocomplete: "off" });
  const form = el("form", { class: "row", role: "search" },
    el("div", { class: "grow" }, el("label", { for: "search", text: t("searchLabel") }), input),
    el("button", { type: "submit", text: t("search") }));
  form.addEventListener("submit", (event) => { event.preventDefault(); showOrders(input.value.trim(), 1); });
  const rows = result.items.map((o) => el("tr", null,
    el("td", null, el("a", { href: `#/orders/${encodeURIComponent(o.orderNo)}`, text: o.orderNo })),
    el("td", { class: "hide-narrow", text: formatDate(o.orderDate) }),
    el("td", null, el("span", { class: `stage ${o.stage}`, text: stageText(o.stage) })),
    el("td", { text: percent(o.percentProduced) }),
    el("td", { text: formatDate(o.eta || o.promisedDate) })));
  const table = result.items.length === 0
    ? el("p", { class: "muted", text: t("noOrders") })
    : el("table", null,
      el("thead", null, el("tr", null,
        el("th", { scope: "col", text: t("order") }), el("th", { scope: "col", class: "hide-narrow", text: t("orderDate") }),
        el("th", { scope: "col", text: t("stage") }), el("th", { scope: "col", text: t("produced") }),
        el("th", { scope: "col", text: t("eta") }))),
      el("tbody", null, ...rows));
  const more = result.hasMore ? el("button", { type: "button", class: "secondary", text: t("more"), onclick: () => showOrders(search, page + 1) }) : null;
  show(el("section", { class: "card" }, tabs("orders"), el("h1", { text: t("myOrders") }), form), el("section", { class: "card" }, table, more));
}

// What changed since this browser last showed the order: kept per order in localStorage, never sent anywhere.
function changesSinceLastVisit(progress) {
  const key = `portal.seen.${progress.orderNo}`;
  const before = JSON.parse(localStorage.getItem(key) || "null");
  const now = { stage: progress.stage, percent: progress.percentProduced, shipments: progress.shipments.length, eta: progress.eta || null };
  localStorage.setItem(key, JSON.stringify(now));
  if (!before) return [];
  const changes = [];
  if (before.stage !== now.stage) changes.push(t("changedStage", stageText(now.stage)));
  if (before.percent !== now.percent) changes.push(t("changedPercent", percent(before.percent), percent(now.percent)));
  if (now.shipments > before.shipments) changes.push(t("changedShipments", now.shipments - before.shipments));
  if (before.eta !== now.eta && now.eta) changes.push(t("changedEta", formatDate(now.eta)));
  return changes;
}

function renderOrder(progress, changes, liveState) {
  const current = progress.timeline.filter((s) => s.reached).map((s) => s.stage).pop();
  const notice = changes.length ? el("div", { class: "notice", role: "note" }, el("strong", { text: t("changed") }), " ", changes.join("; ")) : null;
  const summary = el("section", { class: "card" },
    el("p", null, el("a", { href: "#/", text: t("back") })),
    el("h1", null, `${t("order")} ${progress.orderNo} `, el("span", { id: "stage", class: `stage ${progress.stage}`, text: stageText(progress.stage) })),
    el("p", { id: "live", class: `live ${liveState === "lost" ? "lost" : ""}`, text: liveState === "lost" ? t("liveLost") : liveState === "open" ? t("live") : "" }),
    el("dl", null,
      el("dt", { text: t("produced") }), el("dd", { id: "percent", text: percent(progress.percentProduced) }),
      el("dt", { text: t("eta") }), el("dd", { id: "eta", text: formatDate(progress.eta) }),
      el("dt", { text: t("promised") }), el("dd", { id: "promised", text: formatDate(progress.promisedDate) }),
      progress.qc ? el("dt", { text: t("qc") }) : null,
      progress.qc ? el("dd", { id: "qc", text: TEXT[language].qcValues[progress.qc] ?? progress.qc }) : null));
  const timeline = el("section", { class: "card" }, el("h2", { text: t("timeline") }),
    el("ol", { class: "timeline" }, ...progress.timeline.map((s) => el("li", { class: `${s.reached ? "reached" : ""} ${s.stage === current ? "current" : ""}`, "aria-current": s.stage === current ? "step" : null },
      `${stageText(s.stage)} `, el("span", { class: "muted", text: s.reachedAt ? formatDate(s.reachedAt, true) : "" })))));
  const lines = el("section", { class: "card" }, el("h2", { text: t("lines") }),
    el("table", null,
      el("thead", null, el("tr", null, el("th", { scope: "col", text: t("item") }), el("th", { scope: "col", text: t("ordered") }),
        el("th", { scope: "col", text: t("produced") }), el("th", { scope: "col", class: "hide-narrow", text: t("shipped") }))),
      // What was shipped was produced, even when the MES reported less before the work order closed.
      el("tbody", null, ...progress.lines.map((l) => ({ ...l, produced: Math.max(l.produced, l.shipped) })).map((l) => el("tr", null,
        el("td", null, el("div", { text: l.itemCode }), el("div", { class: "muted", text: l.description || "" })),
        el("td", { text: String(l.ordered) }),
        el("td", null, el("progress", { max: String(l.ordered || 1), value: String(Math.min(l.produced, l.ordered)), "aria-label": `${l.itemCode} ${t("produced")}` }), el("span", { text: ` ${l.produced}` })),
        el("td", { class: "hide-narrow", text: String(l.shipped) }))))));
  const shipments = el("section", { class: "card" }, el("h2", { text: t("shipments") }),
    progress.shipments.length === 0 ? el("p", { class: "muted", text: t("noShipments") }) :
      el("table", null,
        el("thead", null, el("tr", null, el("th", { scope: "col", text: t("shipment") }), el("th", { scope: "col", text: t("carrier") }),
          el("th", { scope: "col", text: t("tracking") }), el("th", { scope: "col", class: "hide-narrow", text: t("shippedAt") }),
          el("th", { scope: "col", text: t("eta") }), el("th", { scope: "col", class: "hide-narrow", text: t("deliveredAt") }))),
        el("tbody", null, ...progress.shipments.map((s) => el("tr", null,
          el("td", { text: s.shipmentNo }), el("td", { text: s.carrier || "—" }), el("td", { text: s.trackingNo || "—" }),
          el("td", { class: "hide-narrow", text: formatDate(s.shippedAt, true) }), el("td", { text: formatDate(s.eta) }),
          el("td", { class: "hide-narrow", text: formatDate(s.deliveredAt, true) }))))));
  return [notice, summary, timeline, lines, shipments].filter(Boolean);
}

async function showOrder(orderNo) {
  const response = await api(`/api/portal/orders/${encodeURIComponent(orderNo)}`);
  if (response.status === 404) {
    show(el("section", { class: "card" }, el("p", null, el("a", { href: "#/", text: t("back") })), el("h1", { text: orderNo }), el("p", { class: "error", text: t("notFound") })));
    return;
  }
  if (!response.ok) { say(t("failed")); return; }
  let progress = await response.json();
  let changes = changesSinceLastVisit(progress);
  show(...renderOrder(progress, changes, ""));
  const source = new EventSource(`/api/portal/orders/${encodeURIComponent(orderNo)}/events`);
  live = source;
  source.addEventListener("open", () => { document.getElementById("live").textContent = t("live"); document.getElementById("live").className = "live"; });
  source.addEventListener("error", () => { const node = document.getElementById("live"); if (node) { node.textContent = t("liveLost"); node.className = "live lost"; } });
  source.addEventListener("progress", (event) => {
    const next = JSON.parse(event.data);
    if (JSON.stringify(next) === JSON.stringify(progress)) return;
    const moved = next.stage !== progress.stage;
    progress = next;
    changes = changesSinceLastVisit(progress);
    main.replaceChildren(...renderOrder(progress, [], "open"));
    if (moved) say(`${t("updated")}: ${stageText(progress.stage)}`);
  });
}

function route() {
  if (location.hash.startsWith("#token=")) {
    signIn(decodeURIComponent(location.hash.slice("#token=".length)));
    return;
  }
  if (!customer) { showSignIn(); return; }
  const match = location.hash.match(/^#\/orders\/(.+)$/);
  if (match) showOrder(decodeURIComponent(match[1]));
  else if (location.hash === "#/equipment") showEquipment();
  else if (location.hash.startsWith("#/equipment/")) showEquipment(decodeURIComponent(location.hash.slice("#/equipment/".length)));
  else if (location.hash === "#/notifications") showMilestones();
  else if (location.hash === "#/profile") showProfile();
  else showOrders("", 1);
}

document.getElementById("language").addEventListener("click", () => {
  language = language === "en" ? "zh-CN" : "en";
  localStorage.setItem("portal.language", language);
  route();
});

document.getElementById("sign-out").addEventListener("click", async () => {
  await api("/api/portal/session", { method: "DELETE" });
  customer = null;
  history.replaceState(null, "", "#/");
  showSignIn();
});

window.addEventListener("hashchange", route);

(async () => {
  if (!location.hash.startsWith("#token=")) {
    const response = await api("/api/portal/session");
    if (response.status === 200) customer = await response.json();
  }
  route();
})();
