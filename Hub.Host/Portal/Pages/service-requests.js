// "Report a problem" on a machine of the portal's equipment page (issue 24 item 1): a category, a description and up
// to three photos, sent as a form with an idempotency key made once per report, so that a double click, or a retry
// after an answer was lost, is one request. Photos are checked by the hub (type from their bytes, size, pixels).
"use strict";

const REPORT_TEXT = {
  en: {
    report: "Report a problem", category: "Kind of problem", description: "What happens?", photos: "Photos (up to {0}, JPEG or PNG)",
    send: "Send report", sending: "Sending…", sent: "Reported: ticket {0}. The service desk will contact you.", tooMany: "Choose at most {0} photos.",
    failed: "The report was not sent: {0}",
  },
  "zh-CN": {
    report: "报修", category: "问题类型", description: "问题描述", photos: "照片（最多 {0} 张，JPEG 或 PNG）",
    send: "提交报修", sending: "正在提交…", sent: "已受理，工单号 {0}。服务人员会尽快与您联系。", tooMany: "最多选择 {0} 张照片。",
    failed: "报修未提交：{0}",
  },
};
const MAX_REPORT_PHOTOS = 3;

function reportText(key, arg) {
  return (REPORT_TEXT[language] || REPORT_TEXT.en)[key].replace("{0}", arg ?? "");
}

let reportCategories = null;
async function loadReportCategories() {
  if (!reportCategories) {
    const response = await api("/api/portal/service-requests/categories");
    reportCategories = response.ok ? await response.json() : [];
  }
  return reportCategories;
}

function newRequestKey() {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function reportProblemForm(assetId, categories, open) {
  const id = `report-${assetId.replace(/[^A-Za-z0-9]/g, "_")}`;
  let key = newRequestKey();
  const select = el("select", { id: `${id}-category`, name: "category", required: true },
    ...categories.map((c) => el("option", { value: c.name, text: language === "zh-CN" && c.textZhCn ? c.textZhCn : c.textEn })));
  const text = el("textarea", { id: `${id}-text`, name: "text", rows: "4", maxlength: "2000", required: true });
  const photos = el("input", { id: `${id}-photos`, name: "photos", type: "file", accept: "image/jpeg,image/png", multiple: true });
  const result = el("p", { class: "report-result", role: "status" });
  const button = el("button", { type: "submit", text: reportText("send") });
  const form = el("form", { class: "report-form", "data-asset": assetId, novalidate: true },
    el("label", { for: select.id, text: reportText("category") }), select,
    el("label", { for: text.id, text: reportText("description") }), text,
    el("label", { for: photos.id, text: reportText("photos", MAX_REPORT_PHOTOS) }), photos,
    button, result);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (photos.files.length > MAX_REPORT_PHOTOS) { result.textContent = reportText("tooMany", MAX_REPORT_PHOTOS); return; }
    const body = new FormData();
    body.append("category", select.value);
    body.append("text", text.value);
    body.append("requestKey", key);
    for (const file of photos.files) body.append("photos", file, file.name);
    button.disabled = true;
    result.textContent = reportText("sending");
    try {
      const response = await api(`/api/portal/equipment/${encodeURIComponent(assetId)}/requests`, { method: "POST", body });
      const answer = await response.json();
      if (response.ok) {
        result.textContent = reportText("sent", answer.ticketNo);
        form.reset();
        key = newRequestKey();
      } else {
        result.textContent = reportText("failed", answer.message || String(response.status));
      }
    } catch (error) {
      // Not sent, or no answer: the next try sends the same key, so a lost answer never opens a second ticket.
      result.textContent = reportText("failed", String(error.message || error));
    } finally {
      button.disabled = false;
    }
  });
  return el("details", { class: "report", open: open || null }, el("summary", { text: reportText("report") }), form);
}
