// The supervisors' survey page (issue 24 item 5): CSAT and NPS over a range of months, by engineer, category and month
// (months in the site's zone), and the latest answers with their comments, shown as text (never markup), low ones
// marked with their follow-up ticket. Loaded before desk.js, whose globals (api, el, show, t, language, table, when) it
// uses when called.
"use strict";

const SURVEY_TEXT = {
  en: {
    surveys: "Satisfaction surveys", back: "← Back to the queue", from: "From", to: "To", apply: "Show",
    overall: "All answers", byEngineer: "By engineer", byCategory: "By category", byMonth: "By month",
    key: "", answers: "Answers", csat: "CSAT", nps: "NPS", latest: "Latest answers", noAnswers: "No answers in these months.",
    ticket: "Ticket", customer: "Customer", engineer: "Engineer", category: "Category", answered: "Answered",
    rating: "Rating", score: "Score", comment: "Comment", followUp: "Follow-up", low: "low",
    explain: "CSAT: share of ratings 4-5. NPS: % scores 9-10 minus % scores 0-6. Months in {0}.", truncated: "Only the latest answers were counted.",
  },
  "zh-CN": {
    surveys: "满意度调查", back: "← 返回工单队列", from: "从", to: "到", apply: "显示",
    overall: "全部回答", byEngineer: "按工程师", byCategory: "按类别", byMonth: "按月份",
    key: "", answers: "回答数", csat: "CSAT", nps: "NPS", latest: "最新回答", noAnswers: "这些月份没有回答。",
    ticket: "工单", customer: "客户", engineer: "工程师", category: "类别", answered: "回答时间",
    rating: "满意度", score: "推荐度", comment: "意见", followUp: "跟进工单", low: "低分",
    explain: "CSAT：4-5 分的比例。NPS：9-10 分的百分比减去 0-6 分的百分比。月份按 {0} 时区。", truncated: "只统计了最新的回答。",
  },
};

const ts = (key, ...args) => String(SURVEY_TEXT[language][key] ?? key).replace(/\{(\d)\}/g, (_, i) => args[Number(i)]);
const share = (value) => value === null || value === undefined ? "—" : `${value}`;

function scoreTable(id, heading, scores) {
  return el("section", { class: "card", id }, el("h2", { text: heading }),
    table([ts("key"), ts("answers"), ts("csat"), ts("nps")], scores.map((s) => [s.key, String(s.answers), share(s.csat), share(s.nps)])));
}

async function showSurveys(from, to) {
  const query = new URLSearchParams();
  if (from) query.set("from", from);
  if (to) query.set("to", to);
  const response = await api(`/api/desk/surveys?${query}`);
  const back = el("p", null, el("a", { href: "#/", text: ts("back") }));
  if (!response.ok) {
    const body = await response.json().catch(() => ({ message: String(response.status) }));
    show(el("section", { class: "card" }, back, el("h1", { text: ts("surveys") }), el("p", { class: "error", role: "alert", text: body.message })));
    return;
  }
  const page = await response.json();
  const range = el("form", { class: "row" },
    el("div", null, el("label", { for: "survey-from", text: ts("from") }), el("input", { id: "survey-from", type: "month", value: page.from })),
    el("div", null, el("label", { for: "survey-to", text: ts("to") }), el("input", { id: "survey-to", type: "month", value: page.to })),
    el("button", { type: "submit", text: ts("apply") }));
  range.addEventListener("submit", (event) => {
    event.preventDefault();
    showSurveys(range.querySelector("#survey-from").value, range.querySelector("#survey-to").value);
  });
  const report = page.report;
  show(
    el("section", { class: "card" }, back, el("h1", { text: ts("surveys") }), range,
      el("p", { class: "muted", text: ts("explain", page.timeZone) }),
      page.truncated ? el("p", { class: "error", text: ts("truncated") }) : null,
      el("p", { id: "survey-total", text: `${ts("overall")}: ${report.total.answers} · ${ts("csat")} ${share(report.total.csat)} · ${ts("nps")} ${share(report.total.nps)}` })),
    scoreTable("survey-engineers", ts("byEngineer"), report.byEngineer),
    scoreTable("survey-categories", ts("byCategory"), report.byCategory),
    scoreTable("survey-months", ts("byMonth"), report.byMonth),
    el("section", { class: "card", id: "survey-answers" }, el("h2", { text: ts("latest") }),
      page.answers.length
        ? table([ts("ticket"), ts("customer"), ts("engineer"), ts("category"), ts("answered"), ts("rating"), ts("score"), ts("comment"), ts("followUp")],
          page.answers.map((a) => [
            el("a", { href: `#/tickets/${encodeURIComponent(a.ticketNo)}`, text: a.ticketNo }), a.customerCode, a.engineer || t("none"), a.category,
            when(a.answeredAt), a.low ? el("span", { class: "breached", text: `${a.rating} (${ts("low")})` }) : String(a.rating), String(a.score),
            el("span", { class: "survey-comment", text: a.comment || "" }),
            a.followUpTicketNo ? el("a", { href: `#/tickets/${encodeURIComponent(a.followUpTicketNo)}`, text: a.followUpTicketNo }) : t("none")]))
        : el("p", { class: "muted", text: ts("noAnswers") })));
}
