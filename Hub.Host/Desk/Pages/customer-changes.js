// The supervisors' "Customer changes" page (issue 23 item 3): what customers changed of their own data on the portal,
// old and new values side by side, approved or rejected with a reason. An approval updates the customer master (and so
// the CRM's feed) and sends the ERP its file; a change whose record moved since it was proposed is refused with what
// differs. Loaded before desk.js, whose globals (api, el, show, t, language, table, when, say) it uses when called.
"use strict";

const CHANGE_TEXT = {
  en: {
    changes: "Customer changes", back: "← Back to the queue", pending: "Waiting", approved: "Approved", rejected: "Rejected", all: "All",
    customer: "Customer", what: "Change", field: "Field", was: "Was", becomes: "Becomes", proposed: "Proposed", decided: "Decided",
    approve: "Approve", reject: "Reject", reason: "Reason (the customer sees it)", needReason: "A rejection needs a reason.",
    hints: "Hints the customer confirmed", none: "No changes.", done: "Done: {0}.",
    subject: { contact: "contact", address: "delivery address", plans: "plans" }, action: { add: "add", edit: "edit", remove: "remove" },
  },
  "zh-CN": {
    changes: "客户资料修改", back: "← 返回工单队列", pending: "待审核", approved: "已批准", rejected: "已拒绝", all: "全部",
    customer: "客户", what: "修改", field: "字段", was: "原值", becomes: "新值", proposed: "提交", decided: "审核",
    approve: "批准", reject: "拒绝", reason: "原因（客户可见）", needReason: "拒绝需要填写原因。",
    hints: "客户已确认的提示", none: "没有修改。", done: "已完成：{0}。",
    subject: { contact: "联系人", address: "收货地址", plans: "计划" }, action: { add: "添加", edit: "修改", remove: "删除" },
  },
};

const tc = (key, ...args) => String(CHANGE_TEXT[language][key] ?? key).replace(/\{(\d)\}/g, (_, i) => args[Number(i)]);
const tcOf = (group, key) => CHANGE_TEXT[language][group][key] ?? key;

async function showCustomerChanges(status) {
  status = status || "pending";
  const response = await api(`/api/desk/customer-changes?status=${encodeURIComponent(status)}`);
  const back = el("p", null, el("a", { href: "#/", text: tc("back") }));
  if (!response.ok) {
    const body = await response.json().catch(() => ({ message: String(response.status) }));
    show(el("section", { class: "card" }, back, el("h1", { text: tc("changes") }), el("p", { class: "error", role: "alert", text: body.message })));
    return;
  }
  const changes = await response.json();
  const filter = el("nav", { class: "tabs" }, ...["pending", "approved", "rejected", "all"].map((s) =>
    el("a", { href: "#/customer-changes", "aria-current": s === status ? "page" : null, text: tc(s), onclick: (event) => { event.preventDefault(); showCustomerChanges(s); } })));
  show(el("section", { class: "card" }, back, el("h1", { text: tc("changes") }), filter),
    ...(changes.length === 0 ? [el("section", { class: "card" }, el("p", { class: "muted", text: tc("none") }))] : changes.map((c) => changeCard(c, status))));
}

function changeCard(change, status) {
  const fields = [...new Set([...Object.keys(change.old), ...Object.keys(change.new)])];
  const error = el("p", { class: "error", role: "alert" });
  const reason = el("input", { id: `reason-${change.changeId}`, maxlength: "500" });
  const decide = async (verb) => {
    if (verb === "reject" && !reason.value.trim()) { error.textContent = tc("needReason"); return; }
    const response = await api(`/api/desk/customer-changes/${encodeURIComponent(change.changeId)}/${verb}`,
      { method: "POST", body: JSON.stringify({ reason: reason.value.trim() || null }) });
    const body = await response.json().catch(() => null);
    if (!response.ok) { error.textContent = body?.message || String(response.status); return; }
    say(tc("done", tc(body.status)));
    showCustomerChanges(status);
  };
  const actions = change.status === "pending"
    ? el("div", { class: "row" },
      el("div", { class: "grow" }, el("label", { for: `reason-${change.changeId}`, text: tc("reason") }), reason),
      el("button", { type: "button", class: "approve", text: tc("approve"), onclick: () => decide("approve") }),
      el("button", { type: "button", class: "secondary reject", text: tc("reject"), onclick: () => decide("reject") }))
    : el("p", { class: "muted", text: `${tc("decided")}: ${tc(change.status)} · ${change.decidedBy} · ${when(change.decidedAt)}${change.reason ? " · " + change.reason : ""}` });
  return el("section", { class: "card customer-change", "data-change": change.changeId },
    el("h2", { text: `${change.customerCode} · ${tcOf("subject", change.subject)} · ${tcOf("action", change.action)}${change.targetId ? " · " + change.targetId : ""}` }),
    el("p", { class: "muted", text: `${tc("proposed")}: ${change.proposedBy} · ${when(change.proposedAt)}` }),
    table([tc("field"), tc("was"), tc("becomes")], fields.map((f) => [f, change.old[f] || "", change.new[f] || ""])),
    change.hints.length ? el("p", null, `${tc("hints")}: `, change.hints.join(" ")) : null,
    actions, error);
}
