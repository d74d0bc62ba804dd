// The service desk board: the ticket queue sorted by SLA due with live countdowns, new tickets appearing without a
// reload, and a ticket page with the machine's recent telemetry and the actions of the rules stage. Plain DOM code
// (textContent only), under the same Content-Security-Policy as the portal.
"use strict";

const TEXT = {
  en: {
    brand: "Service desk", loading: "Loading…", signOut: "Sign out", switchTo: "中文", languageName: "English",
    signInTitle: "Desk sign-in", userName: "User name", password: "Password", signIn: "Sign in",
    badSignIn: "Wrong user name or password.", queue: "Ticket queue", status: "Status", priority: "Priority",
    allOpen: "Open and acknowledged", all: "All", onlyMine: "Only mine", ticket: "Ticket", machine: "Machine",
    customer: "Customer", alarm: "Alarm", assignee: "Assignee", due: "SLA", none: "—", noTickets: "No tickets.",
    respondIn: "respond in {0}", resolveIn: "resolve in {0}", overdue: "overdue {0}", met: "met",
    newTicket: "New ticket {0}", back: "← Back to the queue", response: "Response", resolution: "Resolution",
    respondedAt: "responded {0}", opened: "Opened", occurrences: "Occurrences", acknowledge: "Acknowledge",
    assignTo: "Assign to (engineer id)", assign: "Assign", comment: "Comment", internal: "Internal note (not for the customer)",
    addComment: "Add comment", resolveNote: "Resolution note", resolve: "Resolve", history: "History",
    telemetry: "Recent telemetry (6 h)", noTelemetry: "No readings in the last 6 hours.", failed: "The action failed: {0}",
    done: "Done: {0}", internalTag: "internal",
    admin: "Administration", adapters: "Adapters", adapter: "Adapter", state: "State", lastError: "Last error", counts: "Counts",
    deadLetters: "Dead letters", source: "Source", reference: "Where", reason: "Why", at: "When", replayAll: "Replay all",
    replayed: "{0} replayed, {1} still failing, {2} raw rows that never parsed", noDeadLetters: "No open dead letters.",
    tokens: "Portal tokens", tokenId: "Token id", created: "Created", revoked: "Revoked", revoke: "Revoke",
    issueFor: "Issue a token for customer code", issue: "Issue", issued: "Token for {0}, shown only now:", invitation: "Invitation link",
    mappings: "Mappings", valid: "All mapping files are valid.", invalid: "The mapping files have problems; the hub will not start with them:",
    target: "Target", file: "File",
  },
  "zh-CN": {
    brand: "服务台", loading: "加载中…", signOut: "退出", switchTo: "English", languageName: "中文",
    signInTitle: "服务台登录", userName: "用户名", password: "密码", signIn: "登录",
    badSignIn: "用户名或密码错误。", queue: "工单队列", status: "状态", priority: "优先级",
    allOpen: "未关闭（新建和已响应）", all: "全部", onlyMine: "只看我的", ticket: "工单", machine: "设备",
    customer: "客户", alarm: "告警", assignee: "处理人", due: "SLA", none: "—", noTickets: "没有工单。",
    respondIn: "{0} 内响应", resolveIn: "{0} 内解决", overdue: "已超时 {0}", met: "已达成",
    newTicket: "新工单 {0}", back: "← 返回工单队列", response: "响应", resolution: "解决",
    respondedAt: "已于 {0} 响应", opened: "创建时间", occurrences: "发生次数", acknowledge: "响应（确认）",
    assignTo: "指派给（工程师编号）", assign: "指派", comment: "备注", internal: "内部备注（客户不可见）",
    addComment: "添加备注", resolveNote: "解决说明", resolve: "解决", history: "处理记录",
    telemetry: "近 6 小时遥测", noTelemetry: "近 6 小时没有数据。", failed: "操作失败：{0}",
    done: "已完成：{0}", internalTag: "内部",
    admin: "系统管理", adapters: "适配器", adapter: "适配器", state: "状态", lastError: "最近错误", counts: "计数",
    deadLetters: "死信", source: "来源", reference: "位置", reason: "原因", at: "时间", replayAll: "全部重放",
    replayed: "已重放 {0} 条，仍失败 {1} 条，无法解析的原始行 {2} 条", noDeadLetters: "没有未处理的死信。",
    tokens: "门户令牌", tokenId: "令牌编号", created: "创建时间", revoked: "撤销时间", revoke: "撤销",
    issueFor: "为客户编码签发令牌", issue: "签发", issued: "{0} 的令牌（只显示这一次）：", invitation: "邀请链接",
    mappings: "映射", valid: "所有映射文件有效。", invalid: "映射文件有问题，修正前 Hub 无法启动：",
    target: "目标", file: "文件",
  },
};

let language = localStorage.getItem("desk.language") || ((navigator.language || "").toLowerCase().startsWith("zh") ? "zh-CN" : "en");
let me = null;
let timers = [];
let live = null;
const t = (key, ...args) => String(TEXT[language][key] ?? key).replace(/\{(\d)\}/g, (_, i) => args[Number(i)]);

const when = (value) => value ? new Intl.DateTimeFormat(language, { dateStyle: "short", timeStyle: "medium" }).format(new Date(value)) : t("none");

const clock = (ticket) => slaClock(ticket, t); // sla-clock.js

async function api(path, options) {
  const response = await fetch(path, { credentials: "same-origin", ...options, headers: { "X-Hub-Desk": "1", "Content-Type": "application/json", ...(options?.headers || {}) } });
  if (response.status === 401 && !path.endsWith("/sign-in") && !path.endsWith("/me")) {
    me = null;
    showSignIn();
    throw new Error("unauthorized");
  }
  return response;
}

function stopTimers() {
  for (const timer of timers) clearInterval(timer);
  timers = [];
  if (live) { live.close(); live = null; }
}

function show(...nodes) {
  stopTimers();
  showMain(...nodes);
  setChrome(t, language, me ? `${me.userName} (${me.role})` : null);
}

function showSignIn(errorText) {
  const form = el("form", { class: "card" },
    el("h1", { text: t("signInTitle") }),
    el("label", { for: "user", text: t("userName") }), el("input", { id: "user", autocomplete: "username", required: true }),
    el("label", { for: "password", text: t("password") }), el("input", { id: "password", type: "password", autocomplete: "current-password", required: true }),
    el("p", { id: "sign-in-error", class: "error", role: "alert", text: errorText || "" }),
    el("button", { type: "submit", text: t("signIn") }));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const response = await api("/api/desk/sign-in", { method: "POST", body: JSON.stringify({ userName: form.querySelector("#user").value, password: form.querySelector("#password").value }) });
    if (!response.ok) { showSignIn(t("badSignIn")); return; }
    me = await response.json();
    route();
  });
  show(form);
}

const filters = { status: "open", priority: "", mine: false };

function queueQuery() {
  const query = new URLSearchParams({ take: "200" });
  if (filters.status !== "open" && filters.status !== "") query.set("status", filters.status);
  if (filters.priority) query.set("priority", filters.priority);
  if (filters.mine && me) query.set("assignee", me.userName);
  return query;
}

function sortQueue(list) {
  const items = list.items.map((i) => i.ticket)
    .filter((ticket) => filters.status !== "open" || ["Open", "Acknowledged"].includes(ticket.status));
  const due = (ticket) => (ticket.respondedAt ? ticket.resolveBy : ticket.respondBy) || "9999";
  return items.sort((a, b) => due(a).localeCompare(due(b)) || a.ticketNo.localeCompare(b.ticketNo));
}

async function loadQueue() {
  const response = await api(`/api/desk/tickets?${queueQuery()}`);
  if (!response.ok) return null;
  return sortQueue(await response.json());
}

function select(id, label, options, value, onchange) {
  return el("div", null, el("label", { for: id, text: label }),
    el("select", { id, onchange }, ...options.map(([v, text]) => el("option", { value: v, selected: v === value, text }))));
}

async function showQueue() {
  let known = null;
  const body = el("tbody");
  const queueTable = el("table", null,
    el("thead", null, el("tr", null, ...[t("due"), t("ticket"), t("priority"), t("status"), t("machine"), t("customer"), t("alarm"), t("assignee")]
      .map((h) => el("th", { scope: "col", text: h })))), body);
  const empty = el("p", { class: "muted", text: t("noTickets"), hidden: true });
  const refresh = async (given) => {
    const tickets = given || await loadQueue();
    if (!tickets) return;
    const fresh = known ? tickets.filter((x) => !known.has(x.ticketNo)) : [];
    known = new Set(tickets.map((x) => x.ticketNo));
    body.replaceChildren(...tickets.map((ticket) => {
      const c = clock(ticket);
      return el("tr", { class: fresh.some((f) => f.ticketNo === ticket.ticketNo) ? "new" : null, "data-ticket": ticket.ticketNo },
        el("td", null, el("span", { class: `clock ${c.state}`, "data-clock": ticket.ticketNo, text: c.text })),
        el("td", null, el("a", { href: `#/tickets/${encodeURIComponent(ticket.ticketNo)}`, text: ticket.ticketNo })),
        el("td", { text: ticket.priority }), el("td", { text: ticket.status }), el("td", { text: ticket.assetId }),
        el("td", { text: ticket.customerCode }), el("td", { text: ticket.alarmCode }), el("td", { text: ticket.assignee || t("none") }));
    }));
    empty.hidden = tickets.length > 0;
    queueTable.hidden = tickets.length === 0;
    if (fresh.length) say(t("newTicket", fresh.map((f) => f.ticketNo).join(", ")));
    body.ticketData = tickets;
  };
  const adminLink = me && me.role === "Admin" ? el("p", null, el("a", { href: "#/admin", text: t("admin") })) : null;
  const surveysLink = me && ["Supervisor", "Admin"].includes(me.role) ? el("p", null, el("a", { href: "#/surveys", id: "surveys-link", text: ts("surveys") })) : null;
  const changesLink = me && ["Supervisor", "Admin"].includes(me.role) ? el("p", null, el("a", { href: "#/customer-changes", id: "customer-changes-link", text: tc("changes") })) : null;
  const rerender = () => { show(el("section", { class: "card" }, adminLink, surveysLink, changesLink, el("h1", { text: t("queue") }), filterBar), el("section", { class: "card" }, queueTable, empty)); start(); };
  const filterBar = el("div", { class: "filters" },
    select("f-status", t("status"), [["open", t("allOpen")], ["", t("all")], ["Open", "Open"], ["Acknowledged", "Acknowledged"], ["Resolved", "Resolved"], ["Closed", "Closed"]], filters.status,
      (e) => { filters.status = e.target.value; known = null; refresh(); listen(); }),
    select("f-priority", t("priority"), [["", t("all")], ["P0", "P0"], ["P1", "P1"], ["P2", "P2"]], filters.priority,
      (e) => { filters.priority = e.target.value; known = null; refresh(); listen(); }),
    el("div", null, el("label", null, el("input", { type: "checkbox", id: "f-mine", checked: filters.mine, onchange: (e) => { filters.mine = e.target.checked; known = null; refresh(); listen(); } }), ` ${t("onlyMine")}`)));
  const start = () => {
    // Countdowns tick every second in the page; the queue comes from the server's live stream (issue 18 item 4): a
    // new or changed ticket on any hub node is sent at once, instead of every page re-reading the queue every 3 s.
    timers.push(setInterval(() => {
      for (const ticket of body.ticketData || []) {
        const node = body.querySelector(`[data-clock="${CSS.escape(ticket.ticketNo)}"]`);
        if (node) { const c = clock(ticket); node.textContent = c.text; node.className = `clock ${c.state}`; }
      }
    }, 1000));
    listen();
  };
  const listen = () => {
    if (live) live.close();
    live = new EventSource(`/api/desk/tickets/events?${queueQuery()}`);
    live.addEventListener("queue", (event) => refresh(sortQueue(JSON.parse(event.data))));
  };
  await refresh();
  rerender();
}

function sparkline(series) {
  const points = series.points;
  const xs = points.map((p) => new Date(p.at).getTime()), ys = points.map((p) => p.value);
  const x0 = Math.min(...xs), x1 = Math.max(...xs), y0 = Math.min(...ys), y1 = Math.max(...ys);
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("viewBox", "0 0 100 40");
  svg.setAttribute("preserveAspectRatio", "none");
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", `${series.metric}: ${ys.length} readings from ${y0} to ${y1} ${series.unit || ""}`);
  const line = document.createElementNS("http://www.w3.org/2000/svg", "polyline");
  line.setAttribute("points", points.map((p, i) =>
    `${x1 === x0 ? 50 : ((xs[i] - x0) / (x1 - x0)) * 100},${y1 === y0 ? 20 : 38 - ((ys[i] - y0) / (y1 - y0)) * 36}`).join(" "));
  svg.append(line);
  return el("div", { class: "chart" }, el("p", null, el("strong", { text: series.metric }), ` ${y0}–${y1} ${series.unit || ""} (${ys.length})`), svg);
}

async function showTicket(ticketNo) {
  const [detailResponse, telemetryResponse] = await Promise.all([
    api(`/api/desk/tickets/${encodeURIComponent(ticketNo)}`), api(`/api/desk/tickets/${encodeURIComponent(ticketNo)}/telemetry`)]);
  if (!detailResponse.ok) { show(el("section", { class: "card" }, el("p", null, el("a", { href: "#/", text: t("back") })), el("h1", { text: ticketNo }), el("p", { class: "error", text: (await detailResponse.json()).message })));
    return; }
  const detail = await detailResponse.json();
  const telemetry = telemetryResponse.ok ? await telemetryResponse.json() : { metrics: [] };
  const ticket = detail.ticket;
  const response = ticket.respondedAt
    ? el("span", { id: "response-clock", class: "clock met", text: t("respondedAt", when(ticket.respondedAt)) })
    : el("span", { id: "response-clock", class: `clock ${clock(ticket).state}`, text: clock(ticket).text });
  const act = async (path, payload, label) => {
    const r = await api(`/api/desk/tickets/${encodeURIComponent(ticketNo)}/${path}`, { method: "POST", body: JSON.stringify(payload || {}) });
    say(r.ok ? t("done", label) : t("failed", (await r.json()).message));
    await showTicket(ticketNo);
  };
  const form = (fields, label, onsubmit) => {
    const f = el("form", null, ...fields, el("button", { type: "submit", text: label }));
    f.addEventListener("submit", (e) => { e.preventDefault(); onsubmit(f); });
    return f;
  };
  const open = ["Open", "Acknowledged"].includes(ticket.status);
  show(
    el("section", { class: "card" },
      el("p", null, el("a", { href: "#/", text: t("back") })),
      el("h1", { text: `${t("ticket")} ${ticket.ticketNo} · ${ticket.alarmCode}` }),
      el("dl", null,
        el("dt", { text: t("status") }), el("dd", { id: "ticket-status", text: ticket.status }),
        el("dt", { text: t("priority") }), el("dd", { text: ticket.priority }),
        el("dt", { text: t("machine") }), el("dd", { text: ticket.assetId }),
        el("dt", { text: t("customer") }), el("dd", { text: ticket.customerCode }),
        el("dt", { text: t("assignee") }), el("dd", { text: ticket.assignee || ticket.queue || t("none") }),
        el("dt", { text: t("opened") }), el("dd", { text: when(ticket.openedAt) }),
        el("dt", { text: t("occurrences") }), el("dd", { text: String(ticket.occurrences) }),
        el("dt", { text: t("response") }), el("dd", null, response),
        el("dt", { text: t("resolution") }), el("dd", null, el("span", { id: "resolution-clock", class: "clock", text: ticket.respondedAt && open ? clock(ticket).text : when(ticket.resolveBy) })))),
    open ? el("section", { class: "card actions" },
      ticket.status === "Open" ? form([], t("acknowledge"), () => act("acknowledge", null, t("acknowledge"))) : null,
      form([el("label", { for: "assignee", text: t("assignTo") }), el("input", { id: "assignee", required: true })], t("assign"),
        (f) => act("assign", { assignee: f.querySelector("#assignee").value }, t("assign"))),
      form([el("label", { for: "comment", text: t("comment") }), el("textarea", { id: "comment", required: true }),
        el("label", null, el("input", { type: "checkbox", id: "comment-internal", checked: true }), ` ${t("internal")}`)], t("addComment"),
        (f) => act("comment", { text: f.querySelector("#comment").value, internal: f.querySelector("#comment-internal").checked }, t("addComment"))),
      form([el("label", { for: "resolve-note", text: t("resolveNote") }), el("textarea", { id: "resolve-note" })], t("resolve"),
        (f) => act("resolve", { note: f.querySelector("#resolve-note").value }, t("resolve")))) : null,
    el("section", { class: "card" }, el("h2", { text: t("telemetry") }),
      ...(telemetry.metrics.length ? telemetry.metrics.map(sparkline) : [el("p", { class: "muted", text: t("noTelemetry") })])),
    el("section", { class: "card" }, el("h2", { text: t("history") }),
      el("ol", { class: "history" }, ...detail.history.map((h) => el("li", null,
        el("span", { class: "muted", text: `${when(h.at)} · ${h.actor} · ${h.action} ` }),
        h.internal ? el("span", { class: "internal", text: t("internalTag") }) : null, el("div", { text: h.detail }))))));
  if (ticket.alarmCode.startsWith("customer:")) {
    customerReports(ticketNo).then((section) => { if (section) document.getElementById("main").append(section); });
  }
  showPartRequests(ticketNo);
  if (open) {
    timers.push(setInterval(() => {
      const c = clock(ticket);
      const node = document.getElementById(ticket.respondedAt ? "resolution-clock" : "response-clock");
      if (node) { node.textContent = c.text; node.className = `clock ${c.state}`; }
    }, 1000));
  }
}

function table(headers, rows) {
  return el("table", null, el("thead", null, el("tr", null, ...headers.map((h) => el("th", { scope: "col", text: h })))),
    el("tbody", null, ...rows.map((cells) => el("tr", null, ...cells.map((c) => el("td", null, c))))));
}

async function showAdmin(notice) {
  const [health, letters, tokens, mappings] = await Promise.all(["/health", "/api/desk/admin/dead-letters", "/api/desk/admin/tokens", "/api/desk/admin/mappings"]
    .map(async (path) => { const r = await api(path); return r.ok || r.status === 503 ? r.json() : null; }));
  const replay = el("button", { type: "button", text: t("replayAll"), onclick: async () => {
    const r = await api("/api/desk/admin/dead-letters/replay", { method: "POST" });
    const result = await r.json();
    showAdmin(el("p", { class: "notice", role: "status", text: t("replayed", result.replayed, result.stillFailing.length, result.unreplayable) }));
  } });
  const issueForm = el("form", { class: "row" },
    el("div", { class: "grow" }, el("label", { for: "issue-customer", text: t("issueFor") }), el("input", { id: "issue-customer", required: true })),
    el("button", { type: "submit", text: t("issue") }));
  issueForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    const r = await api("/api/desk/admin/tokens", { method: "POST", body: JSON.stringify({ customer: issueForm.querySelector("#issue-customer").value }) });
    const body = await r.json();
    if (!r.ok) { say(t("failed", body.message)); return; }
    const link = new URL(body.invitationPath, location.origin).toString();
    showAdmin(el("div", { class: "notice", role: "status" }, el("p", { text: t("issued", body.customerCode) }), el("code", { id: "issued-token", text: body.token }),
      el("p", null, `${t("tokenId")}: `, el("code", { id: "issued-token-id", text: body.tokenId })),
      el("p", null, `${t("invitation")}: `, el("a", { id: "issued-link", href: link, text: link }))));
  });
  show(
    el("section", { class: "card" }, el("p", null, el("a", { href: "#/", text: t("back") })), el("h1", { text: t("admin") }), notice || null,
      el("p", null, el("a", { href: "#/admin/quality", text: tq("quality") }))),
    el("section", { class: "card" }, el("h2", { text: t("adapters") }), table([t("adapter"), t("state"), t("lastError"), t("counts")],
      (health?.adapters || []).map((a) => [a.name, el("span", { class: a.state === "Running" ? "on-track" : "at-risk", text: a.state }), a.lastError || t("none"),
        Object.entries(a.counts || {}).map(([k, v]) => `${k} ${typeof v === "object" ? JSON.stringify(v) : v}`).join(", ")]))),
    el("section", { class: "card", id: "dead-letters" }, el("h2", { text: t("deadLetters") }),
      letters && letters.length ? table([t("source"), t("reference"), t("reason"), t("at")], letters.map((l) => [l.source, l.reference, l.reason, when(l.createdAt)]))
        : el("p", { class: "muted", text: t("noDeadLetters") }), replay),
    el("section", { class: "card", id: "tokens" }, el("h2", { text: t("tokens") }), issueForm,
      table([t("tokenId"), t("customer"), t("created"), t("revoked"), ""], (tokens || []).map((k) => [k.tokenId, k.customerCode, when(k.createdAt), k.revokedAt ? when(k.revokedAt) : t("none"),
        k.revokedAt ? "" : el("button", { type: "button", class: "secondary", text: t("revoke"), "aria-label": `${t("revoke")} ${k.tokenId}`, onclick: async () => {
          await api(`/api/desk/admin/tokens/${encodeURIComponent(k.tokenId)}/revoke`, { method: "POST" });
          showAdmin();
        } })]))),
    el("section", { class: "card", id: "mappings" }, el("h2", { text: t("mappings") }),
      el("p", { class: mappings?.valid ? "on-track" : "error", text: mappings?.valid ? t("valid") : t("invalid") }),
      ...(mappings?.errors || []).map((e) => el("pre", { class: "error", text: e })),
      table([t("source"), t("target"), t("file")], (mappings?.mappings || []).map((m) => [m.source, m.target, m.file]))));
}

function route() {
  if (!me) { showSignIn(); return; }
  // Engineers work from the phone page (issue 24 item 2); the desk's queue is not theirs.
  if (me.role === "Engineer") { location.replace("/field/"); return; }
  const match = location.hash.match(/^#\/tickets\/(.+)$/);
  if (match) showTicket(decodeURIComponent(match[1]));
  else if (location.hash === "#/admin" && me.role === "Admin") showAdmin();
  else if (location.hash === "#/admin/quality" && me.role === "Admin") showQuality();
  else if (location.hash === "#/surveys" && ["Supervisor", "Admin"].includes(me.role)) showSurveys();
  else if (location.hash === "#/customer-changes" && ["Supervisor", "Admin"].includes(me.role)) showCustomerChanges();
  else showQueue();
}

document.getElementById("language").addEventListener("click", () => {
  language = language === "en" ? "zh-CN" : "en";
  localStorage.setItem("desk.language", language);
  route();
});

document.getElementById("sign-out").addEventListener("click", async () => {
  await api("/api/desk/sign-out", { method: "POST" });
  me = null;
  showSignIn();
});

window.addEventListener("hashchange", route);

(async () => {
  const response = await api("/api/desk/me");
  if (response.status === 200) me = await response.json();
  route();
})();
