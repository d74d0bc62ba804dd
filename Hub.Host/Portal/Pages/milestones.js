// The portal's "Notifications" page (issue 23 item 2): which order milestones the signed-in customer is told of
// (shipped, delivered, late) and how (mail or their chat robot, as the customer record offers). Uses portal.js's
// api(), show(), tabs() and language; texts only through textContent, as everywhere in the portal.
"use strict";

const MILESTONE_TEXT = {
  "zh-CN": {
    title: "订单通知", intro: "选择您希望收到的订单通知及接收方式。",
    shipped: "发货（含承运商和运单号）", delivered: "签收", late: "预计晚于承诺交期",
    channel: "接收方式", mail: "电子邮件", chat: "我们的聊天机器人",
    none: "您的账户既没有电子邮件地址，也没有聊天机器人；请联系供应商添加。", save: "保存", saved: "已保存",
  },
  en: {
    title: "Order notifications", intro: "Choose which order news you get, and how.",
    shipped: "Shipped (with carrier and tracking number)", delivered: "Delivered", late: "Expected after the promised date",
    channel: "Send by", mail: "E-mail", chat: "Our chat robot",
    none: "Your account has neither an e-mail address nor a chat robot; ask your supplier to add one.", save: "Save", saved: "Saved",
  },
};

const mt = (key) => MILESTONE_TEXT[language][key] ?? key;

async function showMilestones() {
  const response = await api("/api/portal/milestones");
  if (!response.ok) { say(t("failed")); return; }
  renderMilestones(await response.json());
}

function renderMilestones(choice) {
  const box = (name) => el("label", { class: "choice" },
    el("input", { type: "checkbox", name, checked: choice[name] }), " ", mt(name));
  const channels = choice.channels.length === 0
    ? el("p", { class: "muted", text: mt("none") })
    : el("fieldset", null, el("legend", { text: mt("channel") }),
      ...choice.channels.map((c) => el("label", { class: "choice" },
        el("input", { type: "radio", name: "channel", value: c, checked: choice.channel === c }), " ", mt(c))));
  const form = el("form", { id: "milestones", onsubmit: saveMilestones },
    el("fieldset", null, el("legend", { text: mt("title") }), box("shipped"), box("delivered"), box("late")),
    channels,
    el("button", { type: "submit", text: mt("save") }));
  show(tabs("notifications"), el("section", { class: "card" }, el("h1", { text: mt("title") }), el("p", { text: mt("intro") }), form));
}

async function saveMilestones(event) {
  event.preventDefault();
  const form = event.target;
  const body = { shipped: form.shipped.checked, delivered: form.delivered.checked, late: form.late.checked };
  const picked = form.querySelector("input[name=channel]:checked");
  if (picked) body.channel = picked.value;
  const response = await api("/api/portal/milestones", { method: "PUT", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  if (!response.ok) {
    const problem = await response.json().catch(() => null);
    say(problem?.message || t("failed"));
    return;
  }
  renderMilestones(await response.json());
  say(mt("saved"));
}
