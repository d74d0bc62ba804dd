// The engineer's phone page (issue 24 item 2): my tickets in SLA order, a ticket with the machine's record, the visit's
// steps (accept, on my way, arrived, resolved) and the service report, which outbox.js keeps in the browser until the
// hub has it. The last list and tickets seen are kept too, so that the page still shows them on a weak connection.
// Plain DOM code (textContent only), under the same Content-Security-Policy as the desk.
"use strict";

const TEXT = {
  en: {
    brand: "My tickets", loading: "Loading…", signOut: "Sign out", switchTo: "中文", languageName: "English",
    signInTitle: "Engineer sign-in", userName: "User name", password: "Password", signIn: "Sign in", badSignIn: "Wrong user name or password.",
    notEngineer: "This page is for engineers: {0}", noTickets: "No tickets for you.", offlineCopy: "Offline: shown as last loaded at {0}.",
    unreachable: "The hub cannot be reached; try again when you have a connection.", back: "← My tickets",
    respondIn: "respond in {0}", resolveIn: "resolve in {0}", overdue: "overdue {0}", met: "met", none: "—",
    steps: "Visit", accept: "Accept", "on-my-way": "On my way", arrived: "Arrived", resolve: "Resolved",
    acceptDone: "accepted", "on-my-wayDone": "on the way", arrivedDone: "arrived", resolveDone: "resolved",
    resolveNote: "Resolution note", failed: "The action failed: {0}", machine: "Machine", model: "Model", serial: "Serial no.",
    site: "Site", installed: "Installed", readings: "Last readings", noReadings: "No readings.", alarms: "Open alarms",
    noAlarms: "No open alarms.", serviceHistory: "Service history", noHistory: "No earlier tickets.", reports: "Service reports",
    report: "Service report", workDone: "Work done", minutes: "Time spent (minutes)", parts: "Parts used", itemCode: "Item code",
    quantity: "Qty", addPart: "Add a part", removePart: "Remove", customerName: "Customer's name (sign-off)", sendReport: "Send report",
    kept: "Report kept on this phone; it is sent when the hub can be reached.", sent: "Report {0} sent.", waiting: "{0} report(s) waiting to be sent.",
    refused: "Report for {0} refused: {1}", discard: "Discard", requestParts: "Request parts", request: "Request",
    requestFailed: "The parts request failed: {0}", requested: "Request {0}:", status: "Status", ticket: "Ticket", priority: "Priority",
    "part-available": "available ({0} in stock)", "part-short": "SHORT: only {0} in stock; the ERP decides",
    "part-unknown": "UNKNOWN item: not in the ERP's stock export; check the code", reportedByCustomer: "Reported by the customer",
  },
  "zh-CN": {
    brand: "我的工单", loading: "加载中…", signOut: "退出", switchTo: "English", languageName: "中文",
    signInTitle: "工程师登录", userName: "用户名", password: "密码", signIn: "登录", badSignIn: "用户名或密码错误。",
    notEngineer: "此页面仅供工程师使用：{0}", noTickets: "没有您的工单。", offlineCopy: "离线：显示 {0} 时加载的内容。",
    unreachable: "无法连接 Hub，请在有网络时重试。", back: "← 我的工单",
    respondIn: "{0} 内响应", resolveIn: "{0} 内解决", overdue: "已超时 {0}", met: "已达成", none: "—",
    steps: "上门进度", accept: "接单", "on-my-way": "出发", arrived: "到达", resolve: "已解决",
    acceptDone: "已接单", "on-my-wayDone": "已出发", arrivedDone: "已到达", resolveDone: "已解决",
    resolveNote: "解决说明", failed: "操作失败：{0}", machine: "设备", model: "型号", serial: "序列号",
    site: "地点", installed: "安装日期", readings: "最新读数", noReadings: "没有读数。", alarms: "未消除的告警",
    noAlarms: "没有未消除的告警。", serviceHistory: "维修记录", noHistory: "没有以前的工单。", reports: "服务报告",
    report: "服务报告", workDone: "工作内容", minutes: "用时（分钟）", parts: "使用的备件", itemCode: "物料编码",
    quantity: "数量", addPart: "添加备件", removePart: "删除", customerName: "客户签字（姓名）", sendReport: "提交报告",
    kept: "报告已保存在手机上，连接 Hub 后自动发送。", sent: "报告 {0} 已发送。", waiting: "{0} 份报告等待发送。",
    refused: "{0} 的报告被拒绝：{1}", discard: "丢弃", requestParts: "申请备件", request: "申请",
    requestFailed: "备件申请失败：{0}", requested: "申请单 {0}：", status: "状态", ticket: "工单", priority: "优先级",
    "part-available": "有货（库存 {0}）", "part-short": "库存不足：仅有 {0}，由 ERP 决定",
    "part-unknown": "未知物料：ERP 库存中没有此编码，请核对", reportedByCustomer: "客户报修内容",
  },
};

let language = localStorage.getItem("field.language") || ((navigator.language || "").toLowerCase().startsWith("zh") ? "zh-CN" : "en");
let me = null;
let timers = [];
const t = (key, ...args) => String(TEXT[language][key] ?? key).replace(/\{(\d)\}/g, (_, i) => args[Number(i)]);
const when = (value) => value ? new Intl.DateTimeFormat(language, { dateStyle: "short", timeStyle: "short" }).format(new Date(value)) : t("none");

const clock = (ticket) => slaClock(ticket, t); // sla-clock.js

function ticking(node, ticket) {
  const draw = () => { const c = clock(ticket); node.textContent = c.text; node.className = `clock ${c.state}`; };
  draw();
  timers.push(setInterval(draw, 1000));
  return node;
}

async function api(path, options) {
  const response = await fetch(path, { credentials: "same-origin", ...options, headers: { "X-Hub-Desk": "1", "Content-Type": "application/json", ...(options?.headers || {}) } });
  if (response.status === 401 && !path.endsWith("/sign-in")) {
    me = null;
    showSignIn();
    throw new Error("unauthorized");
  }
  return response;
}

// A GET whose last good answer is kept, and shown (with when it was loaded) while the hub cannot be reached.
async function cached(path) {
  const key = `field.cache.${me?.engineerId}.${path}`; // each engineer's own: never shown to the next one on a shared phone
  try {
    const response = await api(path);
    if (response.ok) {
      const body = await response.json();
      localStorage.setItem(key, JSON.stringify({ at: new Date().toISOString(), body }));
      return { body, response };
    }
    return { body: null, response };
  } catch (error) {
    if (error.message === "unauthorized") throw error;
    const kept = JSON.parse(localStorage.getItem(key) || "null");
    return { body: kept?.body ?? null, offlineSince: kept?.at ?? "", response: null };
  }
}

function show(...nodes) {
  for (const timer of timers) clearInterval(timer);
  timers = [];
  showMain(...nodes.filter((node) => node)); // optional parts are null; replaceChildren would print them
  setChrome(t, language, me ? `${me.name} (${me.engineerId})` : null);
  drawOutbox();
}

function showSignIn(errorText) {
  const form = el("form", { class: "card" },
    el("h1", { text: t("signInTitle") }),
    el("label", { for: "user", text: t("userName") }), el("input", { id: "user", autocomplete: "username", required: true }),
    el("label", { for: "password", text: t("password") }), el("input", { id: "password", type: "password", autocomplete: "current-password", required: true }),
    el("p", { id: "sign-in-error", class: "error", role: "alert", text: errorText || "" }),
    el("button", { type: "submit", class: "wide", text: t("signIn") }));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const response = await api("/api/desk/sign-in", { method: "POST", body: JSON.stringify({ userName: form.querySelector("#user").value, password: form.querySelector("#password").value }) });
    if (!response.ok) { showSignIn(t("badSignIn")); return; }
    await start();
  });
  me = null;
  show(form);
}

function offlineNote(since) {
  return since === undefined ? null : el("p", { class: "notice", text: since ? t("offlineCopy", when(since)) : t("unreachable") });
}

async function showList() {
  const { body, offlineSince } = await cached("/api/field/tickets");
  const items = body?.items || [];
  const list = el("ul", { class: "tickets" }, ...items.map(({ ticket, progress }) => el("li", { "data-ticket": ticket.ticketNo },
    el("a", { href: `#/tickets/${encodeURIComponent(ticket.ticketNo)}` },
      el("span", { class: "no", text: `${ticket.ticketNo} · ${ticket.priority}` }), el("br"),
      el("span", { text: `${ticket.assetId} · ${ticket.alarmCode}` }), el("br"),
      ticking(el("span"), ticket), el("span", { class: "muted", text: progress.next ? ` · ${t(progress.next)}` : "" })))));
  show(el("h1", { text: t("brand") }), offlineNote(offlineSince), items.length ? list : el("p", { class: "muted", text: t("noTickets") }));
}

function card(title, ...children) {
  return el("section", { class: "card" }, el("h2", { text: title }), ...children);
}

function facts(pairs) {
  return el("dl", null, ...pairs.flatMap(([k, v]) => [el("dt", { text: k }), el("dd", { text: v ?? t("none") })]));
}

async function act(ticketNo, step, body) {
  try {
    const response = await api(`/api/field/tickets/${encodeURIComponent(ticketNo)}/${step}`, { method: "POST", body: JSON.stringify(body || {}) });
    if (!response.ok) { say(t("failed", (await response.json().catch(() => ({}))).message || response.status)); return; }
    await showTicket(ticketNo);
  } catch (error) {
    if (error.message !== "unauthorized") say(t("failed", t("unreachable")));
  }
}

function stepsCard(detail) {
  const p = detail.progress;
  const done = [["accept", p.acceptedAt], ["on-my-way", p.onMyWayAt], ["arrived", p.arrivedAt], ["resolve", p.resolvedAt]];
  const note = el("textarea", { id: "resolve-note", maxlength: "4000" });
  const next = p.next;
  return card(t("steps"),
    el("ol", { class: "steps", id: "steps" }, ...done.map(([step, at]) => el("li", { class: at ? "done" : "", "data-step": step, text: at ? `✓ ${t(step + "Done")} ${when(at)}` : `○ ${t(step)}` }))),
    next === "resolve" ? el("label", { for: "resolve-note", text: t("resolveNote") }) : null, next === "resolve" ? note : null,
    next ? el("button", { type: "button", class: "wide", id: "next-step", onclick: () => act(detail.ticket.ticketNo, next, next === "resolve" ? { note: note.value || null } : null), text: t(next) }) : null);
}

function machineCard(m) {
  return card(`${t("machine")} ${m.assetId}`,
    facts([[t("model"), m.model], [t("serial"), m.serialNo], [t("site"), m.site], [t("installed"), m.installedAt ? new Date(m.installedAt).toLocaleDateString(language) : null]]),
    el("h2", { text: t("readings") }),
    m.readings.length ? el("ul", { class: "plain", id: "readings" }, ...m.readings.map((r) => el("li", { text: `${r.metric}: ${r.value}${r.unit ? " " + r.unit : ""} · ${when(r.at)}` })))
      : el("p", { class: "muted", text: t("noReadings") }),
    el("h2", { text: t("alarms") }),
    m.openAlarms.length ? el("ul", { class: "plain", id: "alarms" }, ...m.openAlarms.map((a) => el("li", { text: `${a.code} (${a.severity}) · ${when(a.raisedAt)}${a.text ? " · " + a.text : ""}` })))
      : el("p", { class: "muted", text: t("noAlarms") }),
    el("h2", { text: t("serviceHistory") }),
    m.serviceHistory.length ? el("ul", { class: "plain", id: "service-history" }, ...m.serviceHistory.map((h) => el("li", { text: `${h.ticketNo} · ${h.alarmCode} · ${h.status} · ${when(h.openedAt)}` })))
      : el("p", { class: "muted", text: t("noHistory") }));
}

function partLine(list) {
  const row = el("div", { class: "part" },
    el("label", { text: t("itemCode") }, el("input", { class: "item-code", maxlength: "64", required: true })),
    el("label", { text: t("quantity") }, el("input", { class: "quantity", type: "number", min: "0.001", step: "any", required: true })),
    el("button", { type: "button", class: "secondary", "aria-label": t("removePart"), text: "✕", onclick: () => row.remove() }));
  list.append(row);
  row.querySelector("input").focus();
}

function partsOf(list) {
  return [...list.querySelectorAll(".part")].map((row) => ({ itemCode: row.querySelector(".item-code").value.trim(), quantity: Number(row.querySelector(".quantity").value) }));
}

// The service report: the draft is kept as it is typed; "Send" moves it to the outbox, which keeps it until sent.
function reportCard(ticketNo) {
  const draftKey = `field.draft.${me?.engineerId}.${ticketNo}`;
  const draft = JSON.parse(localStorage.getItem(draftKey) || "{}");
  const parts = el("div", { id: "report-parts" });
  const form = el("form", { class: "report", id: "report" },
    el("label", { for: "work-done", text: t("workDone") }), el("textarea", { id: "work-done", maxlength: "4000", required: true }),
    el("label", { for: "minutes", text: t("minutes") }), el("input", { id: "minutes", type: "number", min: "0", max: "10080", step: "1", inputmode: "numeric", required: true }),
    el("label", { text: t("parts") }), parts,
    el("button", { type: "button", class: "secondary", text: t("addPart"), onclick: () => partLine(parts) }),
    el("label", { for: "customer-name", text: t("customerName") }), el("input", { id: "customer-name", maxlength: "200", autocomplete: "off", required: true }),
    ...photoField(), // report-photos.js
    el("button", { type: "submit", class: "wide", text: t("sendReport") }));
  form.querySelector("#work-done").value = draft.workDone || "";
  form.querySelector("#minutes").value = draft.minutesSpent ?? "";
  form.querySelector("#customer-name").value = draft.customerName || "";
  for (const part of draft.parts || []) { partLine(parts); const row = parts.lastElementChild; row.querySelector(".item-code").value = part.itemCode; row.querySelector(".quantity").value = part.quantity; }
  const read = () => ({ workDone: form.querySelector("#work-done").value, minutesSpent: Number(form.querySelector("#minutes").value), parts: partsOf(parts), customerName: form.querySelector("#customer-name").value });
  form.addEventListener("input", () => localStorage.setItem(draftKey, JSON.stringify(read())));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const files = [...form.querySelector("#report-photos").files];
    const problem = photoProblem(files);
    if (problem) { say(problem); return; }
    const reportId = newReportId();
    try {
      if (files.length) await keepPhotos(reportId, files);
    } catch (error) {
      say(photoText("notKept", error?.message || error));
      return;
    }
    queueReport(ticketNo, read(), me.engineerId, reportId, files.length);
    localStorage.removeItem(draftKey);
    say(t("kept"));
    form.reset();
    parts.replaceChildren();
    drawOutbox();
    sendReports();
  });
  return card(t("report"), form);
}

// Calls the spare-parts contract (another part of issue 24); shows its answer, or that the request failed.
function partsRequestCard(ticketNo) {
  const lines = el("div");
  const answer = el("div", { id: "parts-answer", role: "status" });
  // One id per request until the hub answers it: a retry after a lost answer is the same request, never a second order.
  let requestId = null;
  const form = el("form", { class: "parts", id: "parts-request" }, lines,
    el("button", { type: "button", class: "secondary", text: t("addPart"), onclick: () => partLine(lines) }),
    el("button", { type: "submit", class: "wide", text: t("request") }), answer);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      requestId ??= newReportId();
      const response = await api(`/api/field/tickets/${encodeURIComponent(ticketNo)}/parts`, { method: "POST", body: JSON.stringify({ requestId, lines: partsOf(lines) }) });
      const body = await response.json().catch(() => null);
      if (response.ok) requestId = null;
      if (!response.ok || !body) { answer.replaceChildren(el("p", { class: "error", text: t("requestFailed", body?.message || `HTTP ${response.status}`) })); return; }
      answer.replaceChildren(el("p", { text: t("requested", body.requestNo) }),
        el("ul", { class: "plain" }, ...body.lines.map((l) => el("li", { class: `part-${l.status}`, "data-item": l.itemCode, text: `${l.itemCode} × ${l.quantity}: ${t("part-" + l.status, l.available)}` }))));
    } catch (error) {
      if (error.message !== "unauthorized") answer.replaceChildren(el("p", { class: "error", text: t("requestFailed", t("unreachable")) }));
    }
  });
  return card(t("requestParts"), form);
}

async function showTicket(ticketNo) {
  const { body: detail, response, offlineSince } = await cached(`/api/field/tickets/${encodeURIComponent(ticketNo)}`);
  const back = el("a", { href: "#/", text: t("back") });
  if (!detail) {
    const message = response ? (await response.json().catch(() => ({}))).message : t("unreachable");
    show(back, el("h1", { text: ticketNo }), el("p", { class: "error", text: message || t("unreachable") }), reportCard(ticketNo));
    return;
  }
  const ticket = detail.ticket;
  const reports = detail.reports.length
    ? card(t("reports"), el("ul", { class: "plain", id: "reports" }, ...detail.reports.map((r) => el("li", { "data-report": r.reportId },
      `${when(r.receivedAt)} · ${r.minutesSpent} min · ${r.customerName} · ${r.workDone}`, reportPhotos(ticket.ticketNo, r)))))
    : null;
  const reported = (detail.customerReports || []).length
    ? card(t("reportedByCustomer"), el("ul", { class: "plain", id: "customer-reports" }, ...detail.customerReports.map((r) => el("li", null,
      `${when(r.createdAt)} · ${r.category} · ${r.text}`, reportPhotos(ticket.ticketNo, r)))))
    : null;
  show(back, el("h1", { text: `${ticket.ticketNo} · ${ticket.alarmCode}` }), offlineNote(offlineSince),
    card(t("ticket"), facts([[t("status"), ticket.status], [t("priority"), ticket.priority]]), ticking(el("p", { id: "sla-clock" }), ticket)), reported,
    stepsCard(detail), reportCard(ticket.ticketNo), reports, machineCard(detail.machine), partsRequestCard(ticket.ticketNo));
}

function drawOutbox() {
  const bar = document.getElementById("outbox");
  const items = me ? outboxItemsOf(me.engineerId) : [];
  const refused = items.filter((i) => i.error);
  bar.hidden = items.length === 0;
  bar.className = refused.length ? "outbox failed" : "outbox";
  bar.replaceChildren(...(items.length > refused.length ? [el("span", { id: "waiting", text: t("waiting", items.length - refused.length) })] : []),
    ...refused.map((i) => el("span", null, el("br"), `${t("refused", i.ticketNo, i.error)} `,
      el("button", { type: "button", class: "link", text: t("discard"), onclick: () => { discardReport(i.reportId); drawOutbox(); } }))));
}

function sendReports() {
  if (!me) return Promise.resolve();
  return flushOutbox(
    // The request (JSON, or a form with photos) is made by report-photos.js, with its time limit.
    async (item) => {
      const init = await reportRequest(item);
      return init ? fetch(`/api/field/tickets/${encodeURIComponent(item.ticketNo)}/reports`, init)
        : new Response(JSON.stringify({ message: photoText("lost") }), { status: 410, headers: { "Content-Type": "application/json" } });
    },
    (sent) => {
      drawOutbox();
      if (sent) {
        say(t("sent", sent.reportId.slice(0, 8)));
        const open = location.hash.match(/^#\/tickets\/(.+)$/);
        if (open && decodeURIComponent(open[1]) === sent.ticketNo) showTicket(sent.ticketNo);
      }
    }, me.engineerId);
}

function route() {
  if (!me) { showSignIn(); return; }
  const match = location.hash.match(/^#\/tickets\/(.+)$/);
  if (match) showTicket(decodeURIComponent(match[1]));
  else showList();
}

async function start() {
  let response = null;
  try {
    response = await api("/api/field/me");
  } catch (error) {
    if (error.message === "unauthorized") return; // api() shows the sign-in form
  }
  if (response && response.status === 403) {
    const body = await response.json().catch(() => ({}));
    showSignIn(t("notEngineer", body.message || ""));
    return;
  }
  me = response && response.ok ? await response.json() : JSON.parse(localStorage.getItem("field.me") || "null");
  if (me) localStorage.setItem("field.me", JSON.stringify(me));
  route();
  sendReports();
}

document.getElementById("language").addEventListener("click", () => {
  language = language === "en" ? "zh-CN" : "en";
  localStorage.setItem("field.language", language);
  route();
});

document.getElementById("sign-out").addEventListener("click", async () => {
  await api("/api/field/sign-out", { method: "POST" }).catch(() => null);
  localStorage.removeItem("field.me");
  // Tickets and machines kept for offline reading are the engineer's: gone with the session. Their unsent reports
  // and drafts stay under their id for their next sign-in, unseen and unsent by anyone else.
  for (const key of Object.keys(localStorage)) if (key.startsWith("field.cache.")) localStorage.removeItem(key);
  me = null;
  showSignIn();
});

window.addEventListener("hashchange", route);
window.addEventListener("online", sendReports);
setInterval(() => { if (me && outboxItemsOf(me.engineerId).some((i) => !i.error)) sendReports(); }, 15000);
start();
