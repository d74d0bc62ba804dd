// The portal's "My company" page (issue 23 item 3): the customer keeps their contacts, delivery addresses and plans
// note. Every change goes to the service desk for approval: the page shows it as pending, old and new values side by
// side, until the desk decides, and then the decision. Phones and e-mails come back normalised; a likely typing slip is
// offered as a suggestion, never applied by itself. Uses portal.js's api(), show(), tabs() and language.
"use strict";

const PROFILE_TEXT = {
  "zh-CN": {
    title: "我的公司", intro: "您在此所做的修改需经我们的服务台审核后生效。",
    contacts: "联系人", addresses: "收货地址", plans: "计划与需求", pendingTitle: "待审核的修改", historyTitle: "修改记录",
    name: "姓名", phone: "电话", email: "电子邮件", role: "职务", label: "名称", recipient: "收货人", address: "地址",
    add: "添加", edit: "修改", remove: "删除", save: "提交审核", cancel: "取消", none: "暂无",
    addContact: "添加联系人", addAddress: "添加收货地址", savePlans: "提交计划",
    sent: "已提交，等待服务台审核。", confirmRemove: "确定删除？删除同样需要审核。",
    useSuggestion: "使用建议", keepTyped: "保持我输入的内容", hintsTitle: "请检查",
    was: "原值", becomes: "新值", by: "提交人", at: "时间",
    status: { pending: "待审核", approved: "已批准", rejected: "已拒绝" },
    subject: { contact: "联系人", address: "收货地址", plans: "计划" },
    action: { add: "添加", edit: "修改", remove: "删除" },
    reason: "原因", limit: "最多可同时有 {0} 项待审核的修改。",
  },
  en: {
    title: "My company", intro: "Changes you make here take effect once our service desk has approved them.",
    contacts: "Contacts", addresses: "Delivery addresses", plans: "Plans and needs", pendingTitle: "Waiting for approval", historyTitle: "History",
    name: "Name", phone: "Phone", email: "E-mail", role: "Role", label: "Name of the place", recipient: "Recipient", address: "Address",
    add: "Add", edit: "Edit", remove: "Remove", save: "Send for approval", cancel: "Cancel", none: "None yet",
    addContact: "Add a contact", addAddress: "Add a delivery address", savePlans: "Send the plans",
    sent: "Sent: waiting for the service desk's approval.", confirmRemove: "Remove it? A removal is approved like any change.",
    useSuggestion: "Use the suggestion", keepTyped: "Keep what I typed", hintsTitle: "Please check",
    was: "Was", becomes: "Becomes", by: "By", at: "When",
    status: { pending: "Waiting for approval", approved: "Approved", rejected: "Rejected" },
    subject: { contact: "Contact", address: "Delivery address", plans: "Plans" },
    action: { add: "add", edit: "edit", remove: "remove" },
    reason: "Reason", limit: "At most {0} changes can wait for approval at once.",
  },
};

const pt = (key, ...args) => {
  const text = PROFILE_TEXT[language][key] ?? key;
  return typeof text === "string" ? text.replace(/\{(\d)\}/g, (_, i) => String(args[Number(i)])) : text;
};

const PROFILE_FIELDS = { contact: ["name", "phone", "email", "role"], address: ["label", "recipient", "phone", "address"], plans: ["plans"] };

async function showProfile() {
  const response = await api("/api/portal/profile");
  if (!response.ok) { say(t("failed")); return; }
  renderProfile(await response.json());
}

function renderProfile(profile) {
  const pending = profile.changes.filter((c) => c.status === "pending");
  const decided = profile.changes.filter((c) => c.status !== "pending");
  const contacts = el("section", { class: "card", id: "profile-contacts" }, el("h2", { text: pt("contacts") }),
    listOf(profile.contacts, "contact", (c) => [c.name, c.phone, c.email, c.role]),
    changeForm("contact", "add", null, {}, pt("addContact")));
  const addresses = el("section", { class: "card", id: "profile-addresses" }, el("h2", { text: pt("addresses") }),
    listOf(profile.addresses, "address", (a) => [a.label, a.recipient, a.phone, a.address]),
    changeForm("address", "add", null, {}, pt("addAddress")));
  const plans = el("section", { class: "card", id: "profile-plans" }, el("h2", { text: pt("plans") }),
    changeForm("plans", "edit", null, { plans: profile.plans }, pt("savePlans"), true));
  show(tabs("profile"),
    el("section", { class: "card" }, el("h1", { text: pt("title") }), el("p", { text: pt("intro") }),
      el("p", { class: "muted", text: pt("limit", profile.maxPendingChanges) })),
    changesCard("profile-pending", pt("pendingTitle"), pending),
    contacts, addresses, plans,
    changesCard("profile-history", pt("historyTitle"), decided));
}

function listOf(items, subject, cells) {
  if (items.length === 0) return el("p", { class: "muted", text: pt("none") });
  const fields = PROFILE_FIELDS[subject];
  const rows = items.map((item) => {
    const values = Object.fromEntries(fields.map((f, i) => [f, cells(item)[i]]));
    const editor = el("div", { hidden: true });
    return [el("tr", { "data-id": item.id },
      ...cells(item).map((text) => el("td", { text: text || "" })),
      el("td", null,
        el("button", { type: "button", class: "secondary", text: pt("edit"), onclick: () => {
          editor.replaceChildren(changeForm(subject, "edit", item.id, values, pt("save")));
          editor.hidden = false;
        } }), " ",
        el("button", { type: "button", class: "secondary", text: pt("remove"), onclick: () => removeItem(subject, item.id) }))),
    el("tr", null, el("td", { colspan: String(fields.length + 1) }, editor))];
  });
  return el("table", null, el("thead", null, el("tr", null, ...fields.map((f) => el("th", { text: pt(f) })), el("th"))),
    el("tbody", null, ...rows.flat()));
}

function changeForm(subject, action, id, values, submitText, wide) {
  const hints = el("div", { class: "hints", role: "alert" });
  const inputs = PROFILE_FIELDS[subject].map((field) => {
    const inputId = `${subject}-${action}-${id || "new"}-${field}`;
    const input = wide || field === "address"
      ? el("textarea", { id: inputId, name: field, rows: wide ? "6" : "2", maxlength: field === "plans" ? "4000" : "500" })
      : el("input", { id: inputId, name: field, type: field === "email" ? "email" : field === "phone" ? "tel" : "text", maxlength: "200" });
    input.value = values[field] || "";
    return el("div", null, el("label", { for: inputId, text: pt(field) }), input);
  });
  const form = el("form", { class: "profile-form", "data-subject": subject, "data-action": action, novalidate: true }, ...inputs, hints,
    el("button", { type: "submit", text: submitText }));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const given = Object.fromEntries(PROFILE_FIELDS[subject].map((f) => [f, form.elements[f].value]));
    sendChange(form, hints, { subject, action, id, values: given, confirmHints: form.dataset.confirmHints === "1" });
  });
  return form;
}

// A change is checked first (nothing recorded): hints are offered before anything is sent for approval. The hub refuses
// an unconfirmed hint by itself too (422), for callers other than this page.
async function sendChange(form, hints, body) {
  const post = (payload) => api("/api/portal/profile/changes", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(payload) });
  if (form && !body.confirmHints) {
    const checked = await post({ ...body, check: true });
    const found = await checked.json().catch(() => null);
    if (checked.ok && found.hints.length > 0) { showHints(form, hints, found); return; }
    if (!checked.ok) { say(found?.message || t("failed")); return; }
  }
  const response = await post(body);
  const answer = await response.json().catch(() => null);
  if (response.status === 422 && answer?.error === "hints") {
    showHints(form, hints, answer);
    return;
  }
  if (!response.ok) { say(answer?.message || t("failed")); return; }
  say(pt("sent"));
  await showProfile();
}

// A suggestion is offered with two buttons: take it, or keep the value as typed (which the next submit confirms).
function showHints(form, hints, answer) {
  hints.replaceChildren(el("p", { class: "error", text: pt("hintsTitle") }),
    ...answer.hints.map((h) => el("p", { text: h })),
    ...Object.entries(answer.suggestions || {}).map(([field, suggestion]) => el("button", { type: "button", class: "secondary", text: `${pt("useSuggestion")}: ${suggestion}`,
      onclick: () => { form.elements[field].value = suggestion; hints.replaceChildren(); } })),
    el("button", { type: "button", class: "secondary", text: pt("keepTyped"), onclick: () => { form.dataset.confirmHints = "1"; form.requestSubmit(); } }));
}

async function removeItem(subject, id) {
  if (!window.confirm(pt("confirmRemove"))) return;
  await sendChange(null, null, { subject, action: "remove", id });
}

function changesCard(id, title, changes) {
  const items = changes.map((c) => {
    const fields = PROFILE_FIELDS[c.subject] || [];
    const head = `${pt("subject")[c.subject] || c.subject} · ${pt("action")[c.action] || c.action} · ${pt("status")[c.status] || c.status}`;
    const table = el("table", { class: "change" },
      el("thead", null, el("tr", null, el("th"), el("th", { text: pt("was") }), el("th", { text: pt("becomes") }))),
      el("tbody", null, ...fields.map((f) => el("tr", null, el("th", { text: pt(f) }),
        el("td", { text: c.old[f] || "" }), el("td", { text: c.new[f] || "" })))));
    const meta = el("p", { class: "muted", text: `${pt("by")}: ${c.proposedBy} · ${pt("at")}: ${new Date(c.proposedAt).toLocaleString(language)}` +
      (c.decidedAt ? ` · ${pt("status")[c.status]}: ${c.decidedBy}, ${new Date(c.decidedAt).toLocaleString(language)}` : "") +
      (c.reason ? ` · ${pt("reason")}: ${c.reason}` : "") });
    return el("li", { class: `change ${c.status}`, "data-change": c.changeId }, el("strong", { text: head }), table, meta);
  });
  return el("section", { class: "card", id }, el("h2", { text: title }),
    items.length === 0 ? el("p", { class: "muted", text: pt("none") }) : el("ul", { class: "changes" }, ...items));
}
