// The satisfaction survey page (issue 24 item 5), opened from the link in the resolve mail: /portal/survey.html#<token>.
// No portal sign-in: the link's token is the credential, sent in a POST body (never a URL the server logs). Every text
// goes in through textContent (common.js), and the page runs under the portal's Content-Security-Policy.
"use strict";

const SURVEY_TEXT = {
  "zh-CN": {
    brand: "服务评价", loading: "加载中…", switchTo: "English", languageName: "中文",
    title: "工单 {0}（设备 {1}）的服务评价", intro: "请花一分钟告诉我们这次服务如何。此链接只能提交一次。",
    rating: "您对这次服务的满意度如何？", ratingLow: "1 = 非常不满意", ratingHigh: "5 = 非常满意",
    score: "您向同事推荐我们的可能性有多大？", scoreLow: "0 = 完全不可能", scoreHigh: "10 = 非常可能",
    comment: "您还想告诉我们什么？（可选）", send: "提交", chooseBoth: "请选择满意度和推荐可能性。",
    thanks: "谢谢您的评价！", thanksDetail: "您的回答已随工单 {0} 保存。",
    unknown: "此评价链接无效、已被使用或已过期。", failed: "提交失败：{0}", answerBy: "请在 {0} 前提交。",
  },
  en: {
    brand: "Service survey", loading: "Loading…", switchTo: "中文", languageName: "English",
    title: "How did we do on ticket {0} (machine {1})?", intro: "One minute, three questions. This link can be sent once.",
    rating: "How satisfied are you with this service?", ratingLow: "1 = very unhappy", ratingHigh: "5 = very happy",
    score: "How likely are you to recommend us to a colleague?", scoreLow: "0 = not at all likely", scoreHigh: "10 = extremely likely",
    comment: "Anything else you would like to tell us? (optional)", send: "Send", chooseBoth: "Choose a rating and a score.",
    thanks: "Thank you for your answer!", thanksDetail: "It is kept with ticket {0}.",
    unknown: "This survey link is unknown, was already used, or has expired.", failed: "The answer was not sent: {0}", answerBy: "Please answer by {0}.",
  },
};

let language = localStorage.getItem("portal.language") || ((navigator.language || "").toLowerCase().startsWith("zh") ? "zh-CN" : "en");
let view = null;
const token = decodeURIComponent(location.hash.slice(1));
const t = (key, ...args) => String(SURVEY_TEXT[language][key] ?? key).replace(/\{(\d)\}/g, (_, i) => args[Number(i)]);

async function post(step, body) {
  return fetch(`/api/portal/survey/${step}`, { method: "POST", credentials: "omit", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
}

function frame(...nodes) {
  showMain(...nodes);
  setChrome(t, language, null);
}

function choices(name, from, to, low, high) {
  const options = [];
  for (let value = from; value <= to; value++) {
    options.push(el("label", null, el("input", { type: "radio", name, value: String(value), id: `${name}-${value}` }), el("span", { text: String(value) })));
  }
  return el("fieldset", { id: name },
    el("legend", { text: t(name) }),
    el("div", { class: "choices" }, ...options),
    el("div", { class: "ends" }, el("span", { text: low }), el("span", { text: high })));
}

function showUnknown() {
  frame(el("section", { class: "card" }, el("h1", { text: t("brand") }), el("p", { id: "survey-unknown", class: "error", role: "alert", text: t("unknown") })));
}

function showForm() {
  const error = el("p", { id: "survey-error", class: "error", role: "alert" });
  const form = el("form", { class: "card", novalidate: true },
    el("h1", { text: t("title", view.ticketNo, view.assetId || "—") }),
    el("p", { class: "muted", text: `${t("intro")} ${t("answerBy", new Intl.DateTimeFormat(language, { dateStyle: "medium" }).format(new Date(view.answerBy)))}` }),
    choices("rating", 1, 5, t("ratingLow"), t("ratingHigh")),
    choices("score", 0, 10, t("scoreLow"), t("scoreHigh")),
    el("label", { for: "comment", text: t("comment") }),
    el("textarea", { id: "comment", maxlength: "2000" }),
    error,
    el("button", { type: "submit", id: "survey-send", text: t("send") }));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const picked = (name) => form.querySelector(`input[name="${name}"]:checked`);
    if (!picked("rating") || !picked("score")) { error.textContent = t("chooseBoth"); return; }
    const response = await post("answer", {
      token, rating: Number(picked("rating").value), score: Number(picked("score").value), comment: form.querySelector("#comment").value,
    });
    if (response.status === 404) { showUnknown(); return; }
    if (!response.ok) {
      const body = await response.json().catch(() => ({ message: String(response.status) }));
      error.textContent = t("failed", body.message);
      return;
    }
    frame(el("section", { class: "card" }, el("h1", { id: "survey-thanks", text: t("thanks") }), el("p", { text: t("thanksDetail", view.ticketNo) })));
  });
  frame(form);
}

function render() {
  if (view) showForm(); else showUnknown();
}

document.getElementById("language").addEventListener("click", () => {
  language = language === "en" ? "zh-CN" : "en";
  localStorage.setItem("portal.language", language);
  render();
});

(async () => {
  const response = token ? await post("open", { token }) : null;
  if (response && response.ok) {
    view = await response.json();
    if (!localStorage.getItem("portal.language") && view.language) language = view.language.toLowerCase().startsWith("zh") ? "zh-CN" : "en";
  }
  render();
})();
