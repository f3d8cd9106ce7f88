// 한국어 발신 메시지: MessageTemplate마다 하나. 도메인이 주는 데이터(domain/notify.ts의
// trialFacts와 각 유스케이스의 추가 항목)를 보여 줍니다. 이름 뒤에 조사를 붙이지 않습니다.
import type { MessageTemplate } from "../../../domain/effects.ts";
import {
  bool,
  bullets,
  capped,
  carriersOf,
  code,
  dateParam,
  digestOf,
  formatDate,
  joinList,
  lines,
  link,
  list,
  md,
  num,
  paragraphs,
  records,
  serviceList,
  str,
} from "../format.ts";
import type { Render } from "../types.ts";
import { ACCESS, CANCEL_REASON, MESSAGE_NAME, STATUS, UNDELIVERABLE } from "./words.ts";

const L = "ko" as const;
type P = Record<string, unknown>;

const MAX_UNITS = 20;
const MAX_DIGEST_LINES = 15;

const name = (p: P, key = "customer") => md(str(p, key) || "고객");
const services = (p: P, key = "services") => serviceList(L, list(p, key)) || "없음";
const endDate = (p: P) => dateParam(L, p, "endDate");
const who = (p: P, key = "by") => (str(p, key) ? md(str(p, key)) : "");
const byLine = (p: P) => (who(p) ? ` (처리자: ${who(p)})` : "");
const partnerName = (p: P, fallback = "파트너") => (str(p, "partner") ? md(str(p, "partner")) : fallback);
const more = (n: number) => (n > 0 ? `… 외 ${n}개` : "");

/** R-EXT-1: 종료일이 얼마나 바뀌었는지. */
function movedText(moved: number | null): string {
  if (moved === null || moved === 0) return "";
  return moved > 0 ? `종료일이 ${moved}일 늦춰졌습니다.` : `트라이얼이 ${-moved}일 단축되었습니다.`;
}

function endsLine(p: P): string {
  return endDate(p) ? `종료일: **${endDate(p)}**` : "";
}

function daysLeftText(p: P): string {
  const n = num(p, "daysLeft");
  if (n === null) return endDate(p) ? `${endDate(p)}에 종료됩니다` : "곧 종료됩니다";
  if (n <= 0) return "오늘 종료됩니다";
  if (n === 1) return "내일 종료됩니다";
  return `${n}일 후 종료됩니다`;
}

// ---- 디바이스 (R-DEV-1/2) ---------------------------------------------------------------------

function carrierInstructions(carrier: string): string {
  switch (carrier) {
    case "UPS":
      return "**미국(UPS):** 디바이스를 원래 포장재에 넣고, 디바이스 상자 안에 있는 반납 라벨을 붙인 뒤 고객이 직접 UPS 픽업을 예약하세요. 그러면 Cisco가 반납(RMA)을 처리합니다. 라벨을 잃어버렸다면 파트너에게 문의하세요. 새 라벨을 요청하거나, 트라이얼 팀이 해당 위치의 반납 절차를 정해 드립니다.";
    case "DHL":
      return "**캐나다 및 EMEAR(DHL):** 디바이스는 DHL로 반납합니다. 포장한 뒤 고객이 직접 DHL에 연락해 픽업 일정을 잡으세요.";
    case "Expeditors":
      return "**호주(Expeditors):** 디바이스는 Expeditors를 통해 반납합니다. 포장한 뒤 고객이 직접 Expeditors에 연락해 픽업 일정을 잡으세요.";
    default:
      return "**기타 지역:** 반납 절차는 위치별로 정해집니다. 반납 방법은 파트너가 안내해 드립니다.";
  }
}

function unitLines(units: P[]): string {
  const { shown, more: extra } = capped(units, MAX_UNITS);
  const rows = shown.map((u) => {
    const model = md(str(u, "model") || "디바이스");
    const serial = str(u, "serial") ? ` (일련번호 ${code(str(u, "serial"))})` : "";
    const due = dateParam(L, u, "dueDate") ? `: 반납 기한 **${dateParam(L, u, "dueDate")}**` : "";
    return `${model}${serial}${due}`;
  });
  return bullets(extra ? [...rows, more(extra)] : rows);
}

function returnHowTo(units: P[]): string {
  const carriers = carriersOf(units);
  if (carriers.length === 0) return "";
  return lines("**반납 방법**", bullets(carriers.map(carrierInstructions)));
}

function flaggedLines(p: P): string {
  const { shown, more: extra } = capped(records(p, "flagged"), MAX_UNITS);
  const rows = shown.map((f) => `배송 ${code(str(f, "shipped") || "?")}, 반납 ${code(str(f, "returned") || "?")}`);
  return bullets(extra ? [...rows, more(extra)] : rows);
}

// ---- 운영 ---------------------------------------------------------------------------------------

function opsHeader(p: P, withStatus = true): string {
  return lines(
    str(p, "partner") ? `파트너: ${md(str(p, "partner"))}` : "",
    `고객: ${name(p)}${str(p, "customerHandle") ? ` (${code(str(p, "customerHandle"))})` : ""}`,
    `서비스: ${services(p)}`,
    withStatus && str(p, "status") ? `상태: ${STATUS[str(p, "status")] ?? md(str(p, "status"))}` : "",
    endDate(p) ? `종료일: ${endDate(p)}` : "",
  );
}

function opsEvent(p: P): string {
  const event = str(p, "event");
  const c = name(p);
  switch (event) {
    case "reminder_before_end":
    case "reminder_end_day":
      return paragraphs(`**만료 알림 발송:** ${c} 트라이얼이 ${daysLeftText(p)}.`, opsHeader(p, false));
    case "expired":
      return paragraphs(
        `**트라이얼 만료:** ${c}. 유예 기간 종료: ${dateParam(L, p, "graceEndsAt", true) || "미정"}.`,
        opsHeader(p, false),
      );
    case "users_notified":
      return paragraphs(`**사용자에게 접근 종료 안내:** ${c}.`, opsHeader(p, false));
    case "lapsed": {
      const release = dateParam(L, p, "callingNumbersReleasedAt", true);
      return paragraphs(
        `**트라이얼 소멸:** ${c}. 사용자가 무료 소비자 조직으로 이동했으며 되돌릴 수 없습니다.`,
        release ? `통화 전화번호는 ${release}까지 유지됩니다.` : "",
        opsHeader(p, false),
      );
    }
    case "calling_numbers_released":
      return paragraphs(`**통화 전화번호 해제:** ${c}.`, opsHeader(p, false));
    case "device_return_overdue":
      return paragraphs(
        `**기한 내 미반납 디바이스, 분실로 표시:** ${c}.`,
        unitLines(records(p, "units")),
        opsHeader(p, false),
      );
    case "device_return_mismatch":
      return paragraphs(`**반납된 일련번호가 배송된 일련번호와 다름:** ${c}.`, flaggedLines(p), opsHeader(p, false));
    default:
      return paragraphs(`**트라이얼 이벤트${event ? ` ${code(event)}` : ""}:** ${c}.`, opsHeader(p, false));
  }
}

function digestSection(title: string, rows: P[], withTime: boolean): string {
  if (rows.length === 0) return `**${title}:** 없음`;
  const { shown, more: extra } = capped(rows, MAX_DIGEST_LINES);
  const items = shown.map((r) => {
    const date = dateParam(L, r, "date", withTime);
    return `${date ? `${date}: ` : ""}${md(str(r, "customer") || "?")}${str(r, "customerHandle") ? ` (${code(str(r, "customerHandle"))})` : ""}, ${md(str(r, "partner") || "?")}: ${serviceList(L, list(r, "services")) || "서비스 없음"}`;
  });
  return lines(`**${title} (${rows.length}):**`, bullets(extra ? [...items, more(extra)] : items));
}

function dailyDigest(p: P): string {
  const d = digestOf(p);
  const counts = Object.entries(d.counts)
    .filter(([, v]) => typeof v === "number" && v > 0)
    .map(([k, v]) => `${STATUS[k] ?? md(k)}: ${v as number}`);
  const flags = capped(d.deviceFlags, MAX_DIGEST_LINES);
  const flagRows = flags.shown.map(
    (f) =>
      `${md(str(f, "customer") || "?")}: ${code(str(f, "serial") || "?")} ${str(f, "status") === "mismatch" ? "불일치" : "분실"}`,
  );
  return paragraphs(
    `**일일 트라이얼 요약${d.date ? ` (${formatDate(L, d.date)})` : ""}**`,
    `상태별 트라이얼: ${counts.length ? counts.join(" · ") : "없음"}`,
    digestSection("7일 이내 종료", d.endingSoon, false),
    digestSection("7일 이내 유예 기간 종료", d.lapsingSoon, false),
    digestSection("2일 이내 동의 기한 마감", d.consentClosingSoon, true),
    d.deviceFlags.length
      ? lines(
          `**미해결 디바이스 플래그 (${d.deviceFlags.length}):**`,
          bullets(flags.more ? [...flagRows, more(flags.more)] : flagRows),
        )
      : "**미해결 디바이스 플래그:** 없음",
  );
}

function trialsTeamRequest(p: P): string {
  if (str(p, "request") === "return_process") {
    return paragraphs(
      `**반납 절차 결정 필요**: ${name(p)}${byLine(p)}. 반납 라벨을 분실했습니다.`,
      `디바이스 일련번호: ${code(str(p, "serial") || "?")}${str(p, "country") ? `, 배송 국가 ${md(str(p, "country"))}` : ""}. 이 위치에서 디바이스를 반납하는 방법을 정해 파트너에게 알려 주세요.`,
      opsHeader(p),
    );
  }
  if (str(p, "request") === "return_label") {
    return paragraphs(
      `**대체 반납 라벨 요청**: ${name(p)}${byLine(p)}`,
      `디바이스 일련번호: ${code(str(p, "serial") || "?")} (미국, UPS).`,
      opsHeader(p),
    );
  }
  const serials = capped(list(p, "serials"), 40);
  return paragraphs(
    `**트라이얼 팀 요청**: ${name(p)}${byLine(p)}${dateParam(L, p, "date") ? `, ${dateParam(L, p, "date")}` : ""}`,
    lines(
      `데모 주문 번호: ${str(p, "demoOrderNumber") ? md(str(p, "demoOrderNumber")) : "없음"}`,
      str(p, "customerOrgId") ? `고객 조직 ID: ${code(str(p, "customerOrgId"))}` : "",
      str(p, "customerAdminEmail") ? `고객 관리자 이메일: ${md(str(p, "customerAdminEmail"))}` : "",
      serials.shown.length
        ? `일련번호: ${serials.shown.map((s) => code(s)).join(", ")}${serials.more ? ` 외 ${serials.more}개` : ""}`
        : "",
      str(p, "note") ? `메모: ${md(str(p, "note"))}` : "",
    ),
    opsHeader(p),
  );
}

// ---- 카탈로그 -----------------------------------------------------------------------------------

/** R-CONV-5: 전환해도 트라이얼 디바이스는 구매되지 않으며 반납해야 합니다. */
function devicesGoBack(p: P): string {
  if (!bool(p, "devicesReturn")) return "";
  const due = dateParam(L, p, "returnDueDate");
  return `**트라이얼 디바이스는 반납해야 합니다:** 유료 전환에는 트라이얼 디바이스가 포함되지 않습니다. 디바이스 트라이얼이 끝나면 반납하세요${due ? `(첫 반납 기한: **${due}**)` : ""}. 유료 서비스용 디바이스는 CCW(Cisco Commerce Workspace)에서 주문합니다.`;
}

export const templates: Record<MessageTemplate, Render> = {
  "customer.welcome": (p) =>
    paragraphs(
      `**Webex에 오신 것을 환영합니다 (${name(p)})**`,
      `${partnerName(p, "Webex 파트너")}에서 Webex 트라이얼을 시작했습니다. 서비스: ${services(p)}.${endDate(p) ? ` 트라이얼 기간은 **${endDate(p)}**까지입니다.` : ""}`,
      `Control Hub(${link(str(p, "controlHubUrl") || "https://admin.webex.com")})에 로그인하여 사용자를 추가하고 서비스를 설정하세요.`,
    ),

  "customer.consent_request": (p) => {
    const partner = partnerName(p, "Webex 파트너");
    const deadline = dateParam(L, p, "deadline", true);
    const window = num(p, "windowDays") ?? 10;
    return paragraphs(
      `**Webex 트라이얼 시작 요청 (${name(p)})**`,
      lines(
        `요청 파트너: ${partner}`,
        `서비스: ${services(p)}`,
        who(p, "requestedBy") ? `요청자: ${who(p, "requestedBy")}` : "",
      ),
      lines(
        "조직의 전체 관리자만 수락할 수 있습니다. 수락할 때 파트너에게 줄 권한을 선택합니다:",
        bullets([
          "**전체 관리자 권한** 선택: 파트너가 귀사 조직의 전체 관리자가 되어 트라이얼 서비스를 프로비저닝하고 사용자와 라이선스도 관리할 수 있습니다.",
          "선택하지 않음: 파트너는 프로비저닝 관리자가 되어 트라이얼 서비스 프로비저닝만 할 수 있으며, 사용자나 라이선스는 관리할 수 없습니다.",
        ]),
      ),
      `요청 카드의 버튼으로 ${deadline ? `**${deadline}**까지 ` : ""}수락하거나 거절하세요. ${window}일 이내에 전체 관리자가 응답하지 않으면 요청이 취소됩니다.`,
    );
  },

  "customer.trial_started": (p) =>
    paragraphs(
      `**Webex 트라이얼이 시작되었습니다 (${name(p)})**`,
      lines(`파트너: ${partnerName(p, "Webex 파트너")}`, `서비스: ${services(p)}`, endsLine(p)),
      `Control Hub에서 트라이얼 서비스를 관리하세요: ${link(str(p, "controlHubUrl") || "https://admin.webex.com")}`,
    ),

  "customer.expiry_reminder": (p) => {
    const url = str(p, "subscriptionsUrl") || "https://admin.webex.com/subscriptions";
    return paragraphs(
      `**Webex 트라이얼이 ${daysLeftText(p)}**`,
      lines(`고객: ${name(p)}`, `서비스: ${services(p)}`, endsLine(p)),
      `서비스를 계속 사용하려면 구독을 구매하세요. Control Hub 구독 페이지(${link(url)})를 확인하거나${str(p, "partner") ? ` 파트너(${md(str(p, "partner"))})에` : " 파트너에"} 문의하세요.`,
    );
  },

  "customer.users_access_ended": (p) => {
    const url = str(p, "subscriptionsUrl") || "https://admin.webex.com/subscriptions";
    return paragraphs(
      `**트라이얼 서비스가 종료되었습니다 (${name(p)})**`,
      `사용자는 더 이상 트라이얼 서비스(${services(p)})에 접근할 수 없습니다.${endDate(p) ? ` 트라이얼 종료일: ${endDate(p)}.` : ""}`,
      `이 서비스를 다시 사용하려면 구독을 구매하세요(${link(url)}). 또는${str(p, "partner") ? ` 파트너(${md(str(p, "partner"))})에` : " 파트너에"} 문의하세요.`,
    );
  },

  "customer.trial_converted": (p) => {
    const missing = list(p, "missing");
    return paragraphs(
      "**Webex 트라이얼이 유료 구독으로 전환되었습니다**",
      lines(
        `고객: ${name(p)}`,
        `파트너: ${partnerName(p)}`,
        `주문 번호: **${md(str(p, "orderNumber") || "?")}**`,
        `유료 서비스: ${serviceList(L, list(p, "paidServices")) || services(p)}`,
        missing.length ? `주문에 포함되지 않아 트라이얼과 함께 종료되는 서비스: ${serviceList(L, missing)}` : "",
      ),
      bool(p, "usageDataKept") || p.usageDataKept === undefined ? "트라이얼 사용 데이터는 그대로 유지됩니다." : "",
      devicesGoBack(p),
    );
  },

  "contact.provisioning_setup": (p) => {
    const kind = str(p, "contactKind");
    return paragraphs(
      `**주문 ${md(str(p, "orderNumber") || "?")}: 프로비저닝 정보가 필요합니다**`,
      `${partnerName(p)}에서 ${name(p)}의 Webex 트라이얼을 유료 주문으로 전환하고 귀하를 프로비저닝 담당자${kind === "customer_admin" ? "(고객 관리자)" : kind === "partner" ? "(파트너)" : ""}로 지정했습니다.`,
      lines(
        `주문 번호: **${md(str(p, "orderNumber") || "?")}**`,
        `유료 서비스: ${serviceList(L, list(p, "paidServices")) || services(p)}`,
        str(p, "trialAdminEmail") ? `트라이얼 고객 관리자: ${md(str(p, "trialAdminEmail"))}` : "",
        str(p, "country")
          ? `고객 국가: ${md(str(p, "country"))}${str(p, "region") ? `(데이터 지역 ${md(str(p, "region"))})` : ""}`
          : "",
      ),
      `주문을 설정할 때 귀하가 파트너인지 고객 관리자인지 선택하고, 트라이얼 고객 관리자의 이메일을 입력한 뒤 위 고객 정보를 확인하세요. ${link(str(p, "setUpServiceUrl") || "https://admin.webex.com", "서비스 설정(Set up service)")}`,
      devicesGoBack(p),
    );
  },

  "customer.device_return_due": (p) => {
    const units = records(p, "units");
    return paragraphs(
      `**트라이얼 디바이스를 반납해 주세요 (${name(p)})**`,
      "다음 트라이얼 디바이스의 반납 기한이 되었습니다. 디바이스는 EULA 메시지에 적힌 디바이스 만료일로부터 14일 이내에 반납해야 하며, 반납하는 일련번호는 배송된 일련번호와 같아야 합니다.",
      unitLines(units),
      returnHowTo(units),
    );
  },

  "customer.device_return_overdue": (p) =>
    paragraphs(
      `**트라이얼 디바이스가 반납되지 않았습니다 (${name(p)})**`,
      "다음 디바이스의 반납 기한이 지났지만 아직 받지 못했습니다:",
      unitLines(records(p, "units")),
      "가능한 한 빨리 반납해 주세요. 이미 반납했다면 파트너에게 알려 주세요.",
    ),

  "partner.trial_started": (p) =>
    paragraphs(
      `**트라이얼 시작: ${name(p)}**${byLine(p)}`,
      lines(`서비스: ${services(p)}`, str(p, "region") ? `데이터 지역: ${md(str(p, "region"))}` : "", endsLine(p)),
    ),

  "partner.consent_requested": (p) => {
    const recipients = list(p, "recipients").map(md);
    const deadline = dateParam(L, p, "deadline", true);
    return paragraphs(
      `**동의 요청 발송: ${name(p)}**${byLine(p)}`,
      lines(`서비스: ${services(p)}`, recipients.length ? `받는 사람: ${joinList(L, recipients)}` : ""),
      `고객의 전체 관리자가 ${deadline ? `**${deadline}**까지` : "10일 이내에"} 수락해야 합니다. 그렇지 않으면 트라이얼이 취소되고 고객이 목록에서 제거됩니다. 그동안 요청을 다시 보내거나 트라이얼을 취소할 수 있습니다.`,
    );
  },

  "partner.consent_accepted": (p) => {
    const access = str(p, "access");
    return paragraphs(
      `**트라이얼 요청 수락: ${name(p)}**${who(p) ? ` (${who(p)})` : ""}`,
      lines(`서비스: ${services(p)}`, access ? `부여된 권한: ${ACCESS[access] ?? md(access)}` : ""),
      `다음 단계: 아래 카드나 ${code(`trial provision ${str(p, "customerHandle") || "<고객>"}`)}로 프로비저닝을 완료하면 트라이얼이 활성화됩니다.`,
    );
  },

  "partner.consent_declined": (p) =>
    paragraphs(
      `**트라이얼 요청 거절: ${name(p)}**${who(p) ? ` (${who(p)})` : ""}`,
      `트라이얼(${services(p)})이 취소되었고 이 고객은 고객 목록에서 제거되었습니다.`,
    ),

  "partner.consent_expired": (p) => {
    const deadline = dateParam(L, p, "deadline", true);
    return paragraphs(
      `**동의 요청 만료: ${name(p)}**`,
      `${deadline ? `${deadline}까지` : "10일 이내에"} 고객의 전체 관리자가 응답하지 않았습니다. 트라이얼이 취소되었고 고객이 목록에서 제거되었습니다. 고객이 여전히 원하면 새 요청을 보낼 수 있습니다.`,
    );
  },

  "partner.trial_active": (p) =>
    paragraphs(`**트라이얼 활성화: ${name(p)}**${byLine(p)}`, lines(`서비스: ${services(p)}`, endsLine(p))),

  // R-EXT-1: 입력한 일수가 아니라 종료일이 실제로 어떻게 바뀌었는지(두 날짜와 차이)를 알립니다.
  "partner.trial_extended": (p) => {
    const n = num(p, "days");
    const previous = dateParam(L, p, "previousEndDate");
    return paragraphs(
      `**${name(p)} 트라이얼 종료일 변경: ${endDate(p) || "?"}**${previous ? ` (이전: ${previous})` : ""}${byLine(p)}`,
      lines(
        movedText(num(p, "movedDays")),
        n !== null ? `오늘부터 ${n}일 후로 설정했습니다.` : "",
        who(p, "approvedBy") ? `트라이얼 팀 승인: ${who(p, "approvedBy")}` : "",
        `서비스: ${services(p)}`,
      ),
    );
  },

  "partner.services_changed": (p) => {
    const added = list(p, "added");
    const removed = list(p, "removed");
    return paragraphs(
      `**서비스 변경: ${name(p)}**${byLine(p)}`,
      lines(
        added.length ? `추가: ${serviceList(L, added)}` : "",
        removed.length ? `제거: ${serviceList(L, removed)}` : "",
        `현재 서비스: ${services(p)}`,
      ),
    );
  },

  "partner.trial_converted": (p) => {
    const missing = list(p, "missing");
    return paragraphs(
      `**유료 주문으로 전환: ${name(p)}**${byLine(p)}`,
      lines(
        `주문 번호: **${md(str(p, "orderNumber") || "?")}**`,
        `유료 서비스: ${serviceList(L, list(p, "paidServices")) || services(p)}`,
        str(p, "contact") ? `프로비저닝 담당자: ${md(str(p, "contact"))}` : "",
        missing.length ? `주문에 없는 서비스(고객이 잃게 됨): ${serviceList(L, missing)}` : "",
      ),
      "트라이얼 사용 데이터는 그대로 유지됩니다.",
      devicesGoBack(p),
    );
  },

  "partner.trial_cancelled": (p) => {
    const reason = str(p, "reason");
    return paragraphs(
      `**트라이얼 취소: ${name(p)}**${byLine(p)}`,
      lines(`서비스: ${services(p)}`, reason ? `사유: ${CANCEL_REASON[reason] ?? md(reason)}` : ""),
    );
  },

  "partner.trial_deleted": (p) => {
    const previous = str(p, "previousStatus");
    return paragraphs(
      `**트라이얼 삭제: ${name(p)}**${byLine(p)}`,
      `${previous ? `이전 상태: ${STATUS[previous] ?? md(previous)}. ` : ""}예정된 알림과 기한이 모두 제거되었고 삭제 내역은 감사 로그에 기록되었습니다.`,
    );
  },

  "partner.expiry_reminder": (p) =>
    paragraphs(
      `**트라이얼 종료 예정: ${name(p)}**`,
      lines(`트라이얼이 ${daysLeftText(p)}.`, endsLine(p), `종료되는 서비스: ${services(p)}`),
      "종료 전에 유료 주문으로 전환하거나 연장하세요. 종료 후 30일의 유예 기간 동안에도 전환할 수 있습니다.",
    ),

  "partner.trial_expired": (p) => {
    const grace = dateParam(L, p, "graceEndsAt", true);
    return paragraphs(
      `**트라이얼 만료: ${name(p)}**`,
      `30일 유예 기간${grace ? `(**${grace}**까지)` : ""} 동안에는 아직 전환할 수 있습니다. 그 후에는 트라이얼이 소멸되어 라이선스, 미팅 사이트 URL, 관리자 역할, 통화 구성을 복구할 수 없습니다.`,
      `서비스: ${services(p)}`,
    );
  },

  "partner.trial_lapsed": (p) => {
    const release = dateParam(L, p, "callingNumbersReleasedAt", true);
    return paragraphs(
      `**트라이얼 소멸: ${name(p)}**`,
      "유예 기간이 전환 없이 끝났습니다. 사용자는 무료 소비자 조직으로 이동했으며 라이선스, 미팅 사이트 URL, 관리자 역할, 통화 구성은 복구할 수 없습니다. 되돌릴 수 없습니다.",
      release ? `통화는 중지되었지만 전화번호는 **${release}**까지 유지됩니다.` : "",
    );
  },

  "partner.calling_numbers_released": (p) =>
    paragraphs(
      `**통화 전화번호 해제: ${name(p)}**`,
      "소멸된 트라이얼 이후 15일 동안 유지되던 전화번호가 이제 해제되었습니다.",
    ),

  "partner.customer_interested": (p) =>
    paragraphs(
      `**구매 관심 표명: ${name(p)}**${who(p) ? ` (${who(p)})` : ""}`,
      lines(`트라이얼 서비스: ${services(p)}`, endsLine(p)),
      "고객에게 연락하고, 주문을 받으면 트라이얼을 전환하세요.",
    ),

  "partner.device_extension_requested": (p) => {
    const n = num(p, "days");
    const to = dateParam(L, p, "requestedEndDate");
    const replaced = dateParam(L, p, "replacedEndDate");
    return paragraphs(
      `**디바이스 트라이얼 연장 요청: ${name(p)}**${byLine(p)}`,
      `요청한 종료일: **${to || "?"}**${n !== null ? ` (오늘부터 ${n}일 후)` : ""}. ${endDate(p) ? `트라이얼 팀이 승인할 때까지 종료일은 ${endDate(p)} 그대로입니다. ` : ""}디바이스가 포함된 트라이얼은 트라이얼 팀의 승인이 필요하며, 결정되면 알려 드립니다.`,
      replaced ? `이 요청은 종료일 ${replaced}의 이전 요청을 대체하며, 이전 요청은 더 이상 승인할 수 없습니다.` : "",
    );
  },

  "partner.device_extension_approved": (p) => {
    const n = num(p, "days");
    return paragraphs(
      `**디바이스 트라이얼 연장 승인: ${name(p)}**${who(p) ? ` (트라이얼 팀: ${who(p)})` : ""}`,
      lines(n !== null ? `연장: ${n}일` : "", endDate(p) ? `새 종료일: **${endDate(p)}**` : ""),
    );
  },

  "partner.device_extension_denied": (p) => {
    const to = dateParam(L, p, "requestedEndDate");
    return paragraphs(
      `**디바이스 트라이얼 연장 거절: ${name(p)}**${who(p) ? ` (트라이얼 팀: ${who(p)})` : ""}`,
      `트라이얼 팀이 종료일을 ${to || "요청한 날짜"}로 바꾸는 연장을 승인하지 않았습니다.${endDate(p) ? ` 종료일은 그대로 **${endDate(p)}**입니다.` : ""}`,
    );
  },

  "partner.device_return_due": (p) => {
    const units = records(p, "units");
    return paragraphs(
      `**트라이얼 디바이스 반납 기한: ${name(p)}**`,
      unitLines(units),
      "고객 관리자에게 반납 방법을 안내했습니다:",
      returnHowTo(units),
    );
  },

  "partner.device_return_overdue": (p) =>
    paragraphs(
      `**트라이얼 디바이스 미반납: ${name(p)}**`,
      unitLines(records(p, "units")),
      "분실로 표시되었으며 디바이스가 반납될 때까지 플래그가 유지됩니다. 고객에게 확인해 주세요.",
    ),

  "partner.device_return_flagged": (p) => {
    const returned = list(p, "returned");
    return paragraphs(
      `**반납된 디바이스가 배송 내역과 다름: ${name(p)}**`,
      flaggedLines(p),
      "이 디바이스는 불일치로 표시되며 해결될 때까지 플래그가 유지됩니다. 고객과 일련번호를 확인하세요.",
      returned.length ? `정상 반납: ${returned.map((s) => code(s)).join(", ")}` : "",
    );
  },

  "partner.message_undeliverable": (p) =>
    paragraphs(
      `**전달 실패: ${md(str(p, "recipient") || "수신자")}에게 보낸 ${MESSAGE_NAME[str(p, "what")] ?? "메시지"}** (${name(p)})`,
      `${UNDELIVERABLE[str(p, "reason")] ?? UNDELIVERABLE.failed}. 고객에게 주소를 확인하세요. 전달되지 않은 메시지는 ${code(`trial show ${str(p, "customerHandle") || "<고객>"}`)}에서 볼 수 있습니다.`,
    ),

  "ops.event": opsEvent,

  "ops.device_extension_approval": (p) => {
    const n = num(p, "days");
    const to = dateParam(L, p, "requestedEndDate");
    return paragraphs(
      "**디바이스 트라이얼 연장 승인 필요**",
      `${who(p) ? `요청자: ${who(p)}. ` : ""}요청한 종료일: **${to || "?"}**${n !== null ? ` (오늘부터 ${n}일 후)` : ""}. 승인하면 종료일이 정확히 이 날짜가 됩니다. 디바이스 트라이얼은 디바이스가 있었던 모든 날을 합쳐 최대 120일입니다.`,
      dateParam(L, p, "replacedEndDate")
        ? `이 요청은 종료일 ${dateParam(L, p, "replacedEndDate")}의 이전 요청을 대체합니다.`
        : "",
      opsHeader(p),
      `카드 버튼으로 승인하거나 거절하세요${str(p, "customerHandle") ? `. 또는 ${code(`device approve ${str(p, "customerHandle")}`)} / ${code(`device deny ${str(p, "customerHandle")}`)}을 입력하세요` : ""}.`,
    );
  },

  "ops.trials_team_request": trialsTeamRequest,

  "ops.daily_digest": dailyDigest,
  "bot.reply": (p) => str(p, "markdown"),
};
