// Photos on the engineer's service report (issue 24 item 2: "a service report (work done, time spent, parts used,
// photos, ...)"). Up to three JPEG or PNG photos are chosen on the report form; when the report is sent they are kept
// in IndexedDB beside the report in the outbox (localStorage holds a few megabytes, too little for photos) until the
// hub confirms the report, then dropped. A photo the browser cannot keep is said at once, and the report is not queued.
"use strict";

const PHOTO_TEXT = {
  en: {
    photos: "Photos (up to {0}, JPEG or PNG)", tooMany: "Choose at most {0} photos.", tooLarge: "Photo {0} is larger than 10 MB; take a smaller picture.",
    notImage: "{0} is not a JPEG or PNG photo.", notKept: "The photos could not be kept on this phone ({0}); the report was not queued. Free some space or send fewer photos.",
    lost: "The photos of this report are no longer on this phone; discard it and write it again.", photo: "Photo {0} of the report",
  },
  "zh-CN": {
    photos: "照片（最多 {0} 张，JPEG 或 PNG）", tooMany: "最多选择 {0} 张照片。", tooLarge: "照片 {0} 超过 10 MB，请拍一张小一些的照片。",
    notImage: "{0} 不是 JPEG 或 PNG 照片。", notKept: "照片无法保存在手机上（{0}），报告未加入待发送。请释放空间或减少照片。",
    lost: "此报告的照片已不在手机上，请丢弃后重新填写。", photo: "报告照片 {0}",
  },
};
const MAX_REPORT_PHOTOS = 3;
const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
const PHOTO_DB = "field.photos";

function photoText(key, arg) {
  return (PHOTO_TEXT[language] || PHOTO_TEXT.en)[key].replace("{0}", arg ?? "");
}

// The file input of the report form; its label says the limit.
function photoField() {
  const input = el("input", { id: "report-photos", type: "file", accept: "image/jpeg,image/png", multiple: true });
  return [el("label", { for: input.id, text: photoText("photos", MAX_REPORT_PHOTOS) }), input];
}

// What is wrong with the chosen photos, in the engineer's words, or null. The hub checks again (by content).
function photoProblem(files) {
  if (files.length > MAX_REPORT_PHOTOS) return photoText("tooMany", MAX_REPORT_PHOTOS);
  const notImage = files.find((f) => !["image/jpeg", "image/png"].includes(f.type));
  if (notImage) return photoText("notImage", notImage.name);
  const large = files.find((f) => f.size > MAX_PHOTO_BYTES);
  return large ? photoText("tooLarge", large.name) : null;
}

function openPhotoDb() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(PHOTO_DB, 1);
    request.onupgradeneeded = () => request.result.createObjectStore("photos");
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function photoStore(mode, work) {
  const db = await openPhotoDb();
  try {
    return await new Promise((resolve, reject) => {
      const tx = db.transaction("photos", mode);
      const result = work(tx.objectStore("photos"));
      tx.oncomplete = () => resolve(result.result);
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error || new Error("aborted"));
    });
  } finally {
    db.close();
  }
}

// Keeps the photos of one report; rejects (storage full, private mode) with the browser's reason.
async function keepPhotos(reportId, files) {
  const kept = await Promise.all(files.map(async (f) => ({ name: f.name, type: f.type, bytes: await f.arrayBuffer() })));
  await photoStore("readwrite", (store) => store.put(kept, reportId));
}

// The photos kept for a report, or null when they are gone (the browser's data was cleared).
async function keptPhotos(reportId) {
  const kept = await photoStore("readonly", (store) => store.get(reportId));
  return kept ? kept.map((p) => new File([p.bytes], p.name, { type: p.type })) : null;
}

function dropPhotos(reportId) {
  return photoStore("readwrite", (store) => store.delete(reportId)).catch(() => null);
}

// The request that sends a report: JSON alone, or a form with the report's JSON and its kept photos.
async function reportRequest(item) {
  // Given up without an answer after 20 s (60 s with photos): the report stays kept and goes again at the next try.
  const init = { method: "POST", credentials: "same-origin", headers: { "X-Hub-Desk": "1" }, signal: AbortSignal.timeout(item.photos ? 60000 : 20000) };
  if (!item.photos) return { ...init, headers: { ...init.headers, "Content-Type": "application/json" }, body: JSON.stringify(item.report) };
  const files = await keptPhotos(item.reportId);
  if (!files) return null;
  const body = new FormData();
  body.append("report", JSON.stringify(item.report));
  for (const file of files) body.append("photos", file, file.name);
  return { ...init, body };
}

// The photos of a report (the customer's or a service report), as the hub serves them to this engineer, in a row
// under its text; null when it has none.
function reportPhotos(ticketNo, report) {
  const photos = report.photos || [];
  if (!photos.length) return null;
  const url = (p) => `/api/field/tickets/${encodeURIComponent(ticketNo)}/photos/${p.id}`;
  return el("div", { class: "photos" }, ...photos.map((p, i) => el("a", { href: url(p), target: "_blank", rel: "noopener" },
    el("img", { class: "thumb", src: url(p), alt: photoText("photo", i + 1), width: "96" }))));
}
