// 한국어 거절 메시지: RefusalCode마다 하나. 무엇이 잘못되었고 대신 무엇을 하면 되는지 알려 줍니다.
// 이름 뒤에 조사가 붙지 않도록 문장을 구성합니다(받침 여부를 알 수 없으므로).
import type { RefusalCode } from "../../../domain/refusals.ts";
import { lookupCountry } from "../../../domain/regions.ts";
import {
  bullets,
  capped,
  code,
  dateParam,
  echo,
  joinList,
  list,
  md,
  num,
  paragraphs,
  serviceList,
  serviceName,
  str,
} from "../format.ts";
import type { Render } from "../types.ts";
import { USAGE_KO as USAGE } from "../usage.ts";
import { ACTION, EXPECTED, FIELD, INELIGIBLE, ROLE, STATUS } from "./words.ts";

const L = "ko" as const;

const role = (r: string) => ROLE[r] ?? md(r);
const status = (s: string) => STATUS[s] ?? md(s);
const service = (p: Record<string, unknown>) => serviceName(L, str(p, "service") || "service");
const bold = (p: Record<string, unknown>, key: string, fallback: string) =>
  str(p, key) ? `**${md(echo(str(p, key)))}**` : fallback;
const days = (n: number | null) => `${n ?? "?"}일`;

const STATUS_HINT: Record<string, string> = {
  pending_consent: `고객의 전체 관리자가 동의 요청을 수락할 때까지 기다려 주세요. 그동안 요청을 다시 보내거나(${USAGE.resend}) 트라이얼을 취소할 수 있습니다.`,
  awaiting_provisioning: `먼저 프로비저닝을 완료해 주세요(${USAGE.provision}). 완료하면 트라이얼이 활성화됩니다.`,
  active: `지금 가능한 작업은 ${USAGE.show}에서 확인하세요.`,
  expired: `트라이얼이 유예 기간 중입니다. 아직 연장(${USAGE.extend})하거나 전환할 수 있습니다.`,
  converted: "이미 유료 주문으로 전환된 트라이얼입니다. 서비스는 Control Hub에서 관리하세요.",
  cancelled: `고객이 여전히 원하면 새 트라이얼을 시작하세요(${USAGE.add}).`,
  lapsed: "소멸된 트라이얼은 되돌릴 수 없습니다. 고객이 자격이 되면 새 트라이얼을 시작하세요.",
  deleted: `고객이 여전히 원하면 새 트라이얼을 시작하세요(${USAGE.add}).`,
};

export const refusals: Record<RefusalCode, Render> = {
  role_required: (p) => {
    const roles = list(p, "roles");
    if (roles.length > 0 && roles.every((r) => r === "ops")) {
      return "이 작업은 트라이얼 팀(운영)만 할 수 있습니다. 변경된 내용은 없습니다. 운영 스페이스에서 트라이얼 팀에 요청하세요.";
    }
    if (roles.length > 0 && roles.every((r) => r === "customer_admin")) {
      return "이 작업은 고객 조직의 관리자만 할 수 있습니다. 고객 관리자는 여기에서 트라이얼 요청에 답하고 자기 조직의 트라이얼을 확인합니다.";
    }
    const names = roles.length > 0 ? roles.map(role) : ["전체 관리자", "영업 전체 관리자", "영업 관리자"];
    return `이 작업을 하려면 다음 역할 중 하나가 필요합니다: ${joinList(L, names, "disjunction")}. 파트너 조직의 전체 관리자에게 역할 변경을 요청하세요.`;
  },

  not_your_trial: () =>
    `다른 파트너 조직의 트라이얼이므로 보거나 변경할 수 없습니다. 본인 조직의 트라이얼을 선택하세요(${USAGE.list}).`,

  own_organisation: () =>
    "자신의 파트너 조직을 위한 트라이얼은 시작할 수 없습니다. 자체 조직용 트라이얼에는 Cisco Commerce Workspace(CCW)의 CUWP 주문이 필요합니다. 대신 CCW에서 CUWP 주문을 진행하세요.",

  country_not_offered: (p) => {
    const given = str(p, "country");
    const known = given ? lookupCountry(given) : null;
    const name = known && known.name.toLowerCase() !== given.toLowerCase() ? ` (${md(known.name)})` : "";
    const where = given ? `국가: **${md(given)}**${name}. ` : "";
    return `${where}이 국가에서는 Webex가 제공되지 않아 트라이얼을 시작할 수 없습니다. 고객의 국가(국가 이름 또는 두 글자 ISO 코드, 예: ${code("KR")})를 확인하세요. 트라이얼은 Webex가 제공되는 국가에서만 가능합니다.`;
  },

  location_not_acknowledged: () =>
    "트라이얼을 시작하기 전에 고객이 지원되는 지역에 있는지 확인해 주세요. 지원 지역 확인란을 선택한 뒤 다시 제출하세요.",

  organisation_not_confirmed: (p) =>
    `동의 요청을 보내기 전에 올바른 기존 조직인지 확인해 주세요(고객: ${bold(p, "customer", "선택한 고객")}). 조직 정보를 확인하고 확인란을 선택한 뒤 요청을 다시 보내세요.`,

  invalid_input: (p) => {
    const field = str(p, "field");
    const label = FIELD[field] ?? (field ? md(field) : "입력값");
    const value = str(p, "value");
    const expectedEn = str(p, "expected");
    const expected = EXPECTED[expectedEn] ?? md(expectedEn);
    const what = value
      ? `**${label}**: "${md(value)}" 값이 올바르지 않습니다.`
      : `**${label}** 값이 없거나 올바르지 않습니다.`;
    return `${what}${expected ? ` 필요한 값: ${expected}.` : ""} 수정한 뒤 다시 시도하세요.`;
  },

  service_not_eligible: (p) => {
    const reason = INELIGIBLE[str(p, "reason")] ?? "이 고객은 이용할 수 없는 서비스입니다";
    const tip =
      str(p, "reason") === "already_in_trial"
        ? `${USAGE.show}에서 해당 트라이얼을 확인하거나 다른 서비스를 선택하세요.`
        : str(p, "reason") === "trialed_by_other_partner"
          ? "다른 서비스를 선택하거나 그 파트너의 트라이얼이 끝날 때까지 기다리세요."
          : "고객이 구매하지 않은 서비스를 선택하세요(미팅이나 메시징을 구매한 고객도 통화는 트라이얼할 수 있습니다).";
    return `이 고객은 ${service(p)} 서비스를 트라이얼할 수 없습니다: ${reason}. ${tip}`;
  },

  no_services: () =>
    `트라이얼할 서비스를 하나 이상 선택하세요: ${serviceList(L, ["messaging", "meetings", "calling", "devices"], "disjunction")}.`,

  meetings_site_required: (p) =>
    `미팅에는 미팅 사이트 URL(${code("<이름>.webex.com")})과 시간대(예: ${code("Asia/Seoul")})가 필요합니다. ${str(p, "typedCustomer") ? `${code(`trial services ${str(p, "typedCustomer")} +meetings site <이름>.webex.com tz <시간대>`)}로 둘 다 입력하거나 카드(${code(`trial show ${str(p, "typedCustomer")}`)}의 연장 또는 서비스 변경)에서 입력하세요. 또는` : "둘 다 입력하거나"} 트라이얼에서 미팅을 빼세요.`,

  meetings_site_taken: (p) =>
    `${str(p, "siteUrl") ? `미팅 사이트 URL **${md(str(p, "siteUrl"))}**` : "선택한 미팅 사이트 URL"}은(는) 이미 사용 중입니다. 다른 이름(${code("<이름>.webex.com")})을 골라 다시 시도하세요.`,

  invalid_length: (p) => {
    const allowed = list(p, "allowed");
    const options = allowed.length
      ? joinList(
          L,
          allowed.map((a) => `${md(a)}일`),
          "disjunction",
        )
      : "30일, 60일 또는 90일";
    const value = str(p, "value");
    return `트라이얼 기간은 ${options} 중 하나여야 합니다${value ? `(입력값: ${md(value)})` : ""}. 이 중에서 선택하세요(입력하지 않으면 30일).`;
  },

  invalid_transition: (p) => {
    const action = ACTION[str(p, "action")] ?? (md(str(p, "action")) || "이 작업");
    const current = str(p, "status");
    const allowed = list(p, "allowed").map(status);
    const when = allowed.length
      ? ` 이 작업은 트라이얼이 ${joinList(L, allowed, "disjunction")} 상태일 때만 가능합니다.`
      : "";
    const hint = STATUS_HINT[current] ?? `${USAGE.show}에서 트라이얼을 확인하세요.`;
    return `현재 트라이얼 상태(${current ? status(current) : "알 수 없음"})에서는 ${action} 작업을 할 수 없습니다.${when} ${hint}`;
  },

  consent_not_full_admin: (p) =>
    `이 트라이얼 요청은 고객 조직(${bold(p, "customer", "고객")})의 전체 관리자만 수락하거나 거절할 수 있습니다. 변경된 내용은 없습니다. 조직의 전체 관리자에게 응답을 요청하세요.`,

  consent_expired: (p) => {
    const deadline = dateParam(L, p, "deadline", true);
    const partner = str(p, "partner") ? `파트너(${md(str(p, "partner"))})` : "파트너";
    return `이 트라이얼 요청은 ${deadline ? `${deadline}에 ` : ""}만료되어 더 이상 수락하거나 거절할 수 없습니다. 여전히 트라이얼을 원하시면 ${partner}에게 새 요청을 보내 달라고 하세요.`;
  },

  extension_too_long: (p) => {
    const max = num(p, "max") ?? 30;
    const asked = num(p, "days");
    return `트라이얼은 한 번에 오늘부터 최대 ${days(max)}까지 연장할 수 있습니다${asked !== null ? `(요청: ${days(asked)})` : ""}. ${days(max)} 이하로 연장하세요(${USAGE.extend}).`;
  },

  extension_unchanged: (p) => {
    const current = dateParam(L, p, "currentEndDate");
    const n = num(p, "days");
    return `오늘부터 ${n !== null ? days(n) : "요청한 기간만큼"} 연장하면 종료일이 **${current || "현재 종료일"}**이 되어 지금과 같습니다. 변경된 내용은 없습니다. 연장은 현재 종료일이 아니라 오늘부터 계산됩니다. 다른 일수를 선택하세요.`;
  },

  // R-EXT-1: 단축은 명시적으로 확인한 뒤에만 적용하며, 두 날짜를 모두 알려 줍니다.
  shortening_needs_confirmation: (p) => {
    const current = dateParam(L, p, "currentEndDate");
    const requested = dateParam(L, p, "requestedEndDate");
    const n = num(p, "days");
    const shorter = num(p, "shorterBy");
    const handle = str(p, "customerHandle");
    const confirm = handle && n !== null ? code(`trial extend ${handle} ${n} confirm`) : USAGE.extendConfirm;
    return paragraphs(
      `오늘부터 ${n !== null ? days(n) : "요청한 기간만큼"} 연장하면 ${bold(p, "customer", "트라이얼")}의 종료일이 **${requested || "더 이른 날짜"}**이 되어, 현재 종료일 **${current || "알 수 없음"}**보다 ${shorter !== null ? `${days(shorter)} ` : ""}빨라집니다. 즉 트라이얼이 단축됩니다. 아직 변경된 내용은 없습니다.`,
      `단축하려면 ${confirm}을 입력하거나 편집 카드에서 "트라이얼을 단축합니다" 확인란을 체크하세요. 현재 종료일을 유지하려면 아무것도 하지 않으면 됩니다.`,
    );
  },

  device_trial_too_long: (p) => {
    const max = num(p, "max") ?? 120;
    const start = dateParam(L, p, "startDate");
    const latest = dateParam(L, p, "latestEndDate");
    const used = num(p, "usedDays") ?? 0;
    return `디바이스가 포함된 트라이얼은 디바이스가 있었던 모든 날을 합쳐 최대 ${days(max)}입니다.${used > 0 ? ` 디바이스를 마지막으로 다시 추가하기${start ? `(${start})` : ""} 전에 이미 ${days(used)}을 사용했습니다.` : start ? ` 디바이스 사용 시작일: ${start}.` : ""}${latest ? ` 가능한 마지막 종료일: **${latest}**.` : ""} 디바이스를 제거했다가 다시 추가해도 초기화되지 않습니다. 더 짧게 연장하세요${latest ? `(${latest} 이전 종료)` : ""}.`;
  },

  no_device_extension_pending: (p) =>
    `${str(p, "customer") ? `${bold(p, "customer", "")}의 ` : "이 "}트라이얼에는 승인을 기다리는 디바이스 트라이얼 연장 요청이 없어 승인하거나 거절할 것이 없습니다(이미 결정되었을 수 있습니다). 먼저 파트너가 연장을 요청해야 합니다.`,

  // R-EXT-2: 더 새로운 요청만 이전 요청을 대체하며, 새 요청의 카드로 결정합니다.
  extension_request_replaced: (p) => {
    const requested = dateParam(L, p, "requestedEndDate");
    const by = str(p, "requestedBy");
    const handle = str(p, "customerHandle");
    return `이 카드는 ${bold(p, "customer", "고객")} 디바이스 트라이얼의 이전 연장 요청용입니다. 더 새로운 요청이 이를 대체했습니다${by ? `(요청자: ${md(by)})` : ""}. 새 요청의 종료일: **${requested || "새 날짜"}**. 변경된 내용은 없습니다. 새 요청의 카드로 결정하거나${handle ? ` ${code(`device approve ${handle}`)} 또는 ${code(`device deny ${handle}`)}을 입력하세요` : " 새 카드를 사용하세요"}.`;
  },

  extension_request_outdated: (p) => {
    const requested = dateParam(L, p, "requestedEndDate");
    const handle = str(p, "customerHandle");
    return `${bold(p, "customer", "고객")} 디바이스 트라이얼 연장 요청의 종료일 **${requested || "요청한 날짜"}**이 이미 지났습니다. 지금 승인하면 트라이얼이 바로 종료됩니다. 변경된 내용은 없습니다. 요청을 거절하고${handle ? `(${code(`device deny ${handle}`)})` : ""} 파트너에게 새 요청을 받으세요.`;
  },

  last_service: (p) =>
    `${service(p)}: 이 트라이얼의 마지막 서비스이므로 제거할 수 없습니다. 트라이얼을 끝내려면 대신 취소하세요(${USAGE.cancel}).`,

  service_not_in_trial: (p) =>
    `${service(p)}: 이 트라이얼에 포함되지 않은 서비스이므로 제거할 수 없습니다. ${USAGE.show}에서 트라이얼의 서비스를 확인하세요.`,

  service_already_in_trial: (p) =>
    `${service(p)}: 이미 이 트라이얼에 포함된 서비스입니다. 트라이얼에 아직 없는 서비스를 추가하세요(${USAGE.services}).`,

  tier2_cannot_convert: (p) =>
    `${str(p, "partner") ? `**${md(str(p, "partner"))}**: ` : ""}티어 2 파트너는 총판을 통해 구매하므로 여기서 트라이얼을 유료 주문으로 전환할 수 없습니다. 주문하려면 총판(디스트리뷰터)에 문의하세요.`,

  conversion_missing_services: (p) => {
    const missing = serviceList(L, list(p, "missing"));
    const order = str(p, "orderNumber");
    return paragraphs(
      `${order ? `주문 **${md(order)}**` : "입력한 주문"}에 트라이얼의 일부 서비스가 포함되어 있지 않습니다: ${missing || "일부 서비스"}. 지금 전환하면 트라이얼이 끝날 때 고객은 이 서비스와 그 설정을 잃게 됩니다. 아직 전환되지 않았습니다.`,
      str(p, "via") === "card"
        ? `CCW에서 빠진 서비스를 주문에 추가한 뒤 다시 전환하세요. 이 서비스 없이 전환하려면 아래의 **이해했습니다: 빠진 서비스 없이 전환합니다** 확인란을 선택하고 **전환**을 다시 누르세요.`
        : `CCW에서 빠진 서비스를 주문에 추가한 뒤 다시 전환하세요. 이 서비스 없이 전환하려면 ${str(p, "command") ? code(str(p, "command")) : USAGE.convertConfirm}을 보내세요.`,
    );
  },

  confirmation_required: (p) => {
    const answer = str(p, "answer") || "Yes";
    const whose = str(p, "customer") ? `트라이얼(고객: **${md(str(p, "customer"))}**)` : "이 트라이얼";
    if (str(p, "action") === "delete" || !str(p, "action")) {
      return `${whose} 삭제는 되돌릴 수 없습니다. 아직 삭제되지 않았습니다. 계속하려면 **${md(answer)}**(으)로 확인하세요.`;
    }
    return `${whose}: ${ACTION[str(p, "action")] ?? md(str(p, "action"))} 작업 전에 확인이 필요합니다. **${md(answer)}**(으)로 답해 주세요. 아직 변경된 내용은 없습니다.`;
  },

  return_label_us_only: (p) => {
    const carrier = str(p, "carrier");
    const where = str(p, "country") ? ` 배송 국가: ${md(str(p, "country"))}.` : "";
    const how =
      carrier === "per_location"
        ? " 이 지역의 반납 절차는 위치별로 정해집니다. 반납 방법은 트라이얼 팀에 문의하세요."
        : carrier
          ? ` 이 디바이스는 ${md(carrier)}(으)로 반납합니다. 반납 세부 정보는 트라이얼 팀에 문의하세요.`
          : " 반납 방법은 트라이얼 팀에 문의하세요.";
    return `대체 반납 라벨은 미국에 있는 디바이스에 대해서만 요청할 수 있습니다.${where}${how} 고객 위치의 반납 절차를 트라이얼 팀이 정하도록 하려면 ${code("device label <고객> <일련번호> process")}를 사용하세요.`;
  },

  serial_unknown: (p) => {
    const serials = list(p, "serials").map((s) => code(s));
    const shipped = capped(list(p, "shipped"), 20);
    const shippedText = shipped.shown.length
      ? ` 이 트라이얼로 배송된 일련번호: ${shipped.shown.map((s) => code(s)).join(", ")}${shipped.more ? ` 외 ${shipped.more}개` : ""}.`
      : " 이 트라이얼에는 배송된 디바이스 기록이 없습니다.";
    return `다음 일련번호는 이 트라이얼로 배송된 디바이스와 일치하지 않습니다: ${serials.length ? serials.join(", ") : "(없음)"}.${shippedText} 일련번호를 확인하고 다시 시도하세요.`;
  },

  trials_team_details_missing: (p) => {
    const missing = capped(list(p, "missingSerials"), 20);
    const still = missing.shown.length
      ? `(아직 빠진 일련번호: ${missing.shown.map((s) => code(s)).join(", ")}${missing.more ? ` 외 ${missing.more}개` : ""})`
      : "";
    return `데모 주문 번호가 없으면 트라이얼 팀(${code(str(p, "trialsTeamEmail") || "webextrials_info@cisco.com")})에 고객 조직 ID와 고객 관리자 이메일, 또는 모든 디바이스 일련번호가 필요합니다${still}. 이 중 하나를 추가해 요청을 다시 보내세요: ${USAGE.deviceContact}.`;
  },

  not_customer_admin: (p) =>
    `이 작업은 고객 조직(${bold(p, "customer", "고객")})의 관리자만 할 수 있습니다. 조직의 Webex 관리자에게 요청하세요.`,

  grace_ended: (p) => {
    const action = ACTION[str(p, "action")] ?? "변경";
    const end = dateParam(L, p, "endDate");
    const graceEnd = dateParam(L, p, "graceEndedAt", true);
    return `이 트라이얼의 유예 기간이 끝났으므로${end ? `(트라이얼 종료일: ${end}` : ""}${end && graceEnd ? ", " : end ? "" : "("}${graceEnd ? `유예 기간 종료: ${graceEnd}` : ""}${end || graceEnd ? ")" : ""} 더 이상 ${action}할 수 없습니다. 유예 기간이 끝난 트라이얼은 소멸되어 되돌릴 수 없습니다. 변경된 내용은 없습니다. 고객이 자격이 되면 새 트라이얼을 시작하거나(${USAGE.add}) CCW에서 새로 주문하세요.`;
  },

  live_trial_exists: (p) => {
    const handle = str(p, "customerHandle") || "<고객>";
    const end = dateParam(L, p, "endDate");
    const state = str(p, "status") ? status(str(p, "status")) : "진행 중";
    const svc = serviceList(L, list(p, "services"));
    return paragraphs(
      `${bold(p, "customer", "이 고객")}: 이미 진행 중인 트라이얼이 있습니다(${state}${svc ? `, ${svc}` : ""}${end ? `, 종료일 ${end}` : ""}). 한 고객은 한 파트너와 진행 중인 트라이얼을 하나만 가질 수 있으므로 두 번째 트라이얼은 시작되지 않았습니다.`,
      `대신 진행 중인 트라이얼을 수정하세요. 서비스 추가·제거: ${code(`trial services ${handle} +calling -meetings`)}, 연장: ${code(`trial extend ${handle} <일수>`)}, 보기: ${code(`trial show ${handle}`)}.`,
    );
  },

  customer_exists: (p) => {
    const handle = str(p, "customerHandle") || "<고객>";
    const live = str(p, "liveTrial");
    const next =
      live && live !== "none"
        ? `이미 진행 중인 트라이얼이 있습니다(${status(live)}). 그 트라이얼을 수정하거나(${code(`trial services ${handle} +calling -meetings`)}) ${code(`trial show ${handle}`)}로 확인하세요.`
        : `대신 기존 고객으로 트라이얼을 시작하세요: ${code(`trial add ${handle}`)}.`;
    return paragraphs(
      `${bold(p, "customer", "이 회사")}: 이미 귀사의 고객입니다(핸들 ${code(handle)}). 같은 이름의 고객을 하나 더 만들면 이름으로 하는 명령이 모호해지므로 새 고객을 만들지 않았습니다.`,
      next,
    );
  },

  customer_not_found: (p) =>
    `${str(p, "customer") ? `**${md(echo(str(p, "customer")))}**: 해당하는 고객을 찾을 수 없습니다.` : "고객 이름이 없습니다."} ${USAGE.list}에서 이름이나 핸들을 확인하거나 새 고객으로 트라이얼을 시작하세요(${USAGE.start}).`,

  customer_ambiguous: (p) => {
    const matches = capped(list(p, "matches"), 10);
    return paragraphs(
      `${bold(p, "customer", "입력한 이름")}: 여러 고객이 일치합니다.`,
      bullets([...matches.shown.map(md), ...(matches.more ? [`… 외 ${matches.more}개`] : [])]),
      "어느 고객인지 핸들(괄호 안의 이름)로 알려 주세요.",
    );
  },

  no_trial: (p) =>
    str(p, "customer")
      ? `**${md(str(p, "customer"))}**: 이 고객에게는 귀사의 트라이얼이 없습니다. 먼저 트라이얼을 시작하거나(${USAGE.add}) ${USAGE.list}에서 트라이얼을 확인하세요.`
      : `해당 트라이얼이 더 이상 존재하지 않습니다(삭제되었을 수 있습니다). ${USAGE.list}에서 트라이얼을 확인하세요.`,

  changed_meanwhile: (p) => {
    const now = str(p, "status") ? ` (현재 상태: ${status(str(p, "status"))})` : "";
    const show =
      str(p, "audience") === "customer" ? code("requests") : code(`trial show ${str(p, "handle") || "<고객>"}`);
    if (str(p, "card") === "removed") {
      return `카드가 최신이 아니었습니다. 카드가 만들어진 뒤 ${bold(p, "customer", "이 고객")}의 트라이얼이 변경되었습니다${now}. 카드를 삭제했고 아무것도 변경하지 않았습니다. 최신 카드를 보려면 ${show}를 입력하세요.`;
    }
    return `요청을 처리하는 동안 ${bold(p, "customer", "이 고객")}의 트라이얼이 변경되었습니다${now}. 변경된 내용은 없습니다. ${show}를 입력해 현재 상태를 확인하고 다시 시도하세요.`;
  },

  not_registered: (p) =>
    `${str(p, "email") ? `${md(str(p, "email"))}: ` : ""}이 봇의 파트너 조직에 등록되어 있지 않아 아직 트라이얼을 관리할 수 없습니다. 파트너 조직의 전체 관리자에게 등록을 요청하세요.`,

  belongs_to_other_partner: (p) =>
    str(p, "kind") === "space"
      ? "이 스페이스는 이미 다른 파트너 조직(또는 트라이얼 팀)에 연결되어 있어 봇 관리자만 다시 연결할 수 있습니다. 변경된 내용은 없습니다."
      : str(p, "kind") === "customer"
        ? `${bold(p, "customer", "이 고객")}은(는) 다른 파트너 조직이 관리하는 고객이므로 봇 관리자만 변경할 수 있습니다. 변경된 내용은 없습니다.`
        : `${str(p, "value") ? code(str(p, "value")) : "이 사용자"}은(는) 다른 파트너 조직(또는 트라이얼 팀)에 등록되어 있어 봇 관리자만 옮길 수 있습니다. 변경된 내용은 없습니다.`,

  customer_guess: (p) =>
    `${bold(p, "customer", "입력한 이름")}은(는) 고객 이름의 일부일 뿐이며, 이 명령은 트라이얼을 변경합니다. **${md(str(p, "match"))}**(${code(str(p, "handle"))}) 고객을 말씀하신 건가요? 변경된 내용은 없습니다. 핸들 ${code(str(p, "handle"))} 또는 따옴표로 묶은 전체 이름으로 명령을 다시 입력하세요.`,
};
