// 명령어 언어의 한국어 문구: 사용법(`usage.<command>`), 한 줄 도움말(`help.<command>`), 알 수 없는
// 명령어 답변, 사용법 오류(`problem.<key>`), `customer import` CSV 오류(`csv.<key>`).
// 명령어 자체는 모든 언어에서 영어로 입력합니다. 자리표시자(<고객> 등)만 번역합니다.

import { CSV_COLUMNS } from "../../../app/customer-import.ts";
import { TRIAL_STATUSES } from "../../../domain/model.ts";
import { PERSON_ROLES } from "../../../domain/roles.ts";
import { SERVICES as SERVICE_IDS } from "../../../domain/services.ts";
import { code, SERVICE_NAMES, str } from "../format.ts";

type Params = Record<string, unknown>;

const SERVICES = SERVICE_IDS.map((s) => `${s}(${SERVICE_NAMES.ko[s]})`).join(", ");
const STATUSES = TRIAL_STATUSES.join(", ");
const ROLES = PERSON_ROLES.join(", ");
const CSV_HEADER_EXAMPLE = CSV_COLUMNS.join(",");

const v = (p: Params, key = "value"): string => code(str(p, key));

const USAGE: Record<string, string> = {
  help: "help [명령어]",
  whoami: "whoami",
  lang: "lang en|ko",
  "trial.start": "trial start",
  "trial.start.existing": "trial start existing",
  "trial.add": "trial add <고객>",
  "trial.list": "trial list [expiring <일수>] [status <상태>]",
  "trial.show": "trial show <고객>",
  "trial.extend": "trial extend <고객> <일수> [confirm]",
  "trial.services": "trial services <고객> +<서비스> -<서비스> … [site <이름>.webex.com tz <시간대>]",
  "trial.convert":
    "trial convert <고객> order <주문번호> contact <이메일> [as partner|customer] [admin <이메일>] [services <s1,s2>] [confirm]",
  "trial.cancel": "trial cancel <고객> [사유…]",
  "trial.delete": "trial delete <고객>",
  "trial.resend": "trial resend <고객>",
  "trial.provision": "trial provision <고객>",
  "device.ship": "device ship <고객> eula <yyyy-mm-dd> <모델>:<일련번호> [<모델>:<일련번호> …] [country <국가코드>]",
  "device.return": "device return <고객> <일련번호> [<일련번호> …]",
  "device.label": "device label <고객> <일련번호> [process]",
  "device.contact": "device contact <고객> [demo <주문번호>] [org <조직ID>] [admin <이메일>] [serials <s1,s2>]",
  "device.approve": "device approve <고객>",
  "device.deny": "device deny <고객>",
  "customer.import": "customer import (다음 줄부터 CSV 행, 또는 .csv 파일 첨부)",
  audit: "audit <고객>",
  "partner.add": "partner add <이름> tier1|tier2 [tz <IANA 시간대>] [domains <d1,d2>]",
  "person.add": "person add <이메일> <역할> [파트너]",
  "person.remove": "person remove <이메일>",
  "space.link": "space link <파트너> partner|ops  (또는: space link ops)",
  yes: "yes",
  no: "no",
  requests: "requests",
  accept: "accept [파트너|고객] [full]",
  decline: "decline [파트너|고객]",
  interested: "interested [파트너|고객]",
  "clock.show": "clock show",
  "clock.advance": "clock advance <n>d|<n>h",
};

const HELP: Record<string, string> = {
  help: "할 수 있는 일 또는 한 명령어의 사용법을 보여 줍니다.",
  whoami: "제가 알고 있는 회원님의 역할과 파트너를 보여 줍니다.",
  lang: "답변 언어를 고릅니다: 영어 또는 한국어.",
  "trial.start": "신규 고객의 트라이얼을 시작합니다(카드가 열립니다).",
  "trial.start.existing": "영업 관계가 없는 기존 고객의 트라이얼을 시작합니다. 고객의 전체 관리자가 동의해야 합니다.",
  "trial.add": "관리 중인 유료 고객의 트라이얼을 시작합니다(카드가 열립니다).",
  "trial.list": "트라이얼 목록을 보여 줍니다. 며칠 안에 끝나는 트라이얼이나 한 상태만 볼 수도 있습니다.",
  "trial.show": "고객의 트라이얼(서비스, 상태, 날짜)을 보여 줍니다.",
  "trial.extend":
    "트라이얼을 연장합니다. 오늘부터 그 일수 뒤에 끝납니다(최대 30일). 현재 종료일보다 이르면 confirm을 덧붙이세요.",
  "trial.services": "트라이얼 서비스를 추가(+)하거나 제거(-)합니다: messaging, meetings, calling, devices.",
  "trial.convert":
    "주문번호와 프로비저닝 담당자를 입력해 트라이얼을 유료 주문으로 전환합니다(티어 1 파트너). 담당자는 본인을 권장하며, 담당자가 파트너인지 고객 관리자인지와 트라이얼 고객 관리자 이메일(설정 시와 다를 때)을 입력합니다. 트라이얼 디바이스는 반납해야 합니다.",
  "trial.cancel": "트라이얼을 취소합니다. 사유는 선택 사항입니다.",
  "trial.delete": "트라이얼을 삭제합니다(Yes로 확인을 요청합니다).",
  "trial.resend": "고객에게 동의 요청을 다시 보냅니다.",
  "trial.provision": "고객이 동의한 뒤 프로비저닝을 완료합니다(카드가 열립니다).",
  "device.ship": "트라이얼로 발송한 디바이스를 EULA 메시지의 디바이스 만료일과 함께 기록합니다.",
  "device.return": "반납된 디바이스의 일련번호를 기록합니다.",
  "device.label":
    "반납 라벨 분실: 새 라벨을 요청하거나(미국만 해당), `process`를 붙여 고객 위치의 반납 절차를 트라이얼 팀이 정하도록 요청합니다.",
  "device.contact":
    "트라이얼 디바이스에 대해 트라이얼 팀(webextrials_info@cisco.com)에 연락합니다. 메시지 초안을 만들어 드립니다.",
  "device.approve": "대기 중인 디바이스 트라이얼 연장을 승인합니다. 종료일이 요청한 날짜가 됩니다.",
  "device.deny": "대기 중인 디바이스 트라이얼 연장을 거절합니다. 종료일은 그대로입니다.",
  "customer.import": "기존 고객과 관리자, 구매한 서비스, 관리 파트너를 CSV로 가져옵니다.",
  audit: "고객 트라이얼의 감사 로그를 보여 줍니다.",
  "partner.add": "파트너 조직을 등록합니다.",
  "person.add": "사용자를 역할과 함께 등록하거나 역할을 바꿉니다.",
  "person.remove": "등록된 사용자를 삭제합니다.",
  "space.link": "이 스페이스를 파트너에 연결하거나 운영(ops) 스페이스로 지정합니다.",
  yes: "요청한 내용을 확인합니다.",
  no: "요청한 내용을 거절합니다.",
  requests: "답변을 기다리는 트라이얼 요청과 조직의 트라이얼을 봅니다.",
  accept:
    "트라이얼 요청을 수락합니다(고객의 전체 관리자). full을 붙이면 파트너에게 전체 관리자 권한(프로비저닝과 사용자·라이선스 관리)을 주고, 붙이지 않으면 파트너는 트라이얼 서비스 프로비저닝만 할 수 있습니다.",
  decline: "트라이얼 요청을 거절합니다. 요청은 취소되고 파트너에게 알립니다.",
  interested: "트라이얼 서비스 구매에 관심이 있다고 파트너에게 알립니다.",
  "clock.show": "테스트 시계의 시각을 보여 줍니다.",
  "clock.advance": "테스트 시계를 일(d) 또는 시간(h) 단위로 앞으로 돌립니다.",
};

const PROBLEMS: Record<string, (p: Params) => string> = {
  reason_too_long: (p) =>
    `사유가 너무 깁니다(${str(p, "length")}자). 취소 카드와 같이 최대 ${str(p, "max")}자까지 입력할 수 있습니다.`,
  missing_customer: () =>
    `어느 고객인가요? 핸들(${code("acme")})이나 따옴표로 감싼 이름(${code('"Acme Corp"')})을 입력하세요.`,
  unexpected: (p) =>
    str(p, "hint") === "quotes"
      ? `그 자리에 ${v(p)}이(가) 올 수 없습니다. 이름에 공백이 있으면 따옴표로 감싸세요: ${code(`"${str(p, "example")}"`)}.`
      : `그 자리에 ${v(p)}이(가) 올 수 없습니다.`,
  missing_value: (p) => `${v(p, "option")} 뒤에 값을 입력하세요.`,
  duplicate_option: (p) => `${v(p, "option")}이(가) 두 번 입력되었습니다.`,
  missing_option: (p) => `${v(p, "option")}이(가) 빠졌습니다.`,
  days_invalid: (p) => `${v(p)}은(는) 일수가 아닙니다. ${str(p, "min")}부터 ${str(p, "max")}까지의 정수를 입력하세요.`,
  number_invalid: (p) => `${v(p)}은(는) ${str(p, "min")}부터 ${str(p, "max")}까지의 정수가 아닙니다.`,
  status_invalid: (p) => `${v(p)}은(는) 트라이얼 상태가 아닙니다. 상태: ${STATUSES}.`,
  services_missing: () => `추가하거나 제거할 서비스를 입력하세요. 예: ${code("+calling -meetings")}.`,
  service_change_invalid: (p) =>
    `${v(p)}: 서비스를 추가하려면 앞에 +, 제거하려면 -를 붙이세요. 예: ${code("+calling")}.`,
  service_unknown: (p) => `${v(p)}은(는) 서비스가 아닙니다. 서비스: ${SERVICES}.`,
  service_conflict: (p) => `${v(p)}을(를) 추가하면서 동시에 제거할 수 없습니다.`,
  email_invalid: (p) => `${v(p)}은(는) 이메일 주소가 아닙니다.`,
  language_invalid: (p) =>
    `${v(p)}은(는) 지원하는 언어가 아닙니다. ${code("en")}(English) 또는 ${code("ko")}(한국어)를 입력하세요.`,
  date_invalid: (p) => `${v(p)}은(는) 날짜가 아닙니다. yyyy-mm-dd 형식으로 입력하세요. 예: 2027-03-31.`,
  unit_invalid: (p) =>
    `${v(p)}은(는) 디바이스가 아닙니다. 모델:일련번호 형식으로 입력하세요. 예: ${code("DX80:FOC1234ABCD")}.`,
  units_missing: () => `발송한 디바이스를 모델:일련번호 형식으로 입력하세요. 예: ${code("DX80:FOC1234ABCD")}.`,
  serial_invalid: (p) => `${v(p)}은(는) 일련번호가 아닙니다(영문자, 숫자, 대시만 사용).`,
  serials_missing: () => "디바이스 일련번호를 입력하세요.",
  country_invalid: (p) => `${v(p)}은(는) 국가 코드가 아닙니다. 두 글자로 입력하세요. 예: US, DE, KR.`,
  contact_details_missing: () =>
    `트라이얼 팀에 데모 주문번호(${code("demo <order>")}), 또는 고객 조직 ID와 관리자 이메일(${code("org <orgId> admin <email>")}), 또는 모든 일련번호(${code("serials <s1,s2>")})를 알려 주세요.`,
  tier_invalid: (p) => `${v(p)}은(는) 파트너 티어가 아닙니다. ${code("tier1")} 또는 ${code("tier2")}를 입력하세요.`,
  tier_missing: () => `파트너 티어를 입력하세요: ${code("tier1")} 또는 ${code("tier2")}.`,
  timezone_invalid: (p) => `${v(p)}은(는) IANA 시간대가 아닙니다. 예: Asia/Seoul, Europe/London.`,
  domain_invalid: (p) => `${v(p)}은(는) 이메일 도메인이 아닙니다. 예: example.com.`,
  role_invalid: (p) => `${v(p)}은(는) 역할이 아닙니다. 역할: ${ROLES}.`,
  role_missing: () => `사용자의 역할을 입력하세요: ${ROLES}.`,
  email_missing: () => "사용자의 이메일 주소를 입력하세요.",
  name_missing: () => "파트너 이름을 입력하세요(공백이 있으면 따옴표로 감싸세요).",
  space_target_missing: () =>
    `이 스페이스를 연결할 파트너를 입력하거나, 운영 스페이스라면 ${code("ops")}를 입력하세요.`,
  space_kind_invalid: (p) => `${v(p)}: ${code("partner")} 또는 ${code("ops")}를 입력하세요.`,
  contact_kind_invalid: (p) =>
    `${v(p)}: 프로비저닝 담당자가 파트너이면 ${code("as partner")}, 고객 관리자이면 ${code("as customer")}를 입력하세요.`,
  duration_invalid: (p) => `${v(p)}은(는) 기간이 아닙니다. 일은 ${code("3d")}, 시간은 ${code("12h")}처럼 입력하세요.`,
  order_invalid: (p) => `${v(p)}은(는) 주문번호가 아닙니다.`,
  org_invalid: (p) => `${v(p)}은(는) Webex 조직 ID가 아닙니다.`,
};

const CSV: Record<string, (p: Params) => string> = {
  missing: () =>
    `${code("customer import")} 다음 줄부터 고객을 입력하거나 .csv 파일을 첨부하세요. 첫 행은 머리글입니다: ${code(CSV_HEADER_EXAMPLE)} (목록은 ;로 구분).`,
  malformed: (p) => `여기서 CSV를 읽을 수 없습니다(${str(p, "detail")}).`,
  header_missing: (p) => `머리글에 ${str(p, "columns")} 열이 없습니다. 머리글: ${code(CSV_HEADER_EXAMPLE)}.`,
  header_unknown: (p) =>
    `머리글에 알 수 없는 열이 있습니다: ${str(p, "columns")}. 머리글: ${code(CSV_HEADER_EXAMPLE)}.`,
  header_duplicate: (p) => `머리글에 ${v(p)} 열이 두 번 있습니다.`,
  no_rows: () => "머리글 다음에 고객 행이 없습니다.",
  too_many_rows: (p) => `한 번에 최대 ${str(p, "max")}개 고객까지 가져올 수 있습니다.`,
  columns: (p) => `이 행의 값은 ${str(p, "found")}개인데 머리글의 열은 ${str(p, "expected")}개입니다.`,
  required: (p) => `${str(p, "field")} 값이 비어 있습니다.`,
  email: (p) => `${str(p, "field")}의 ${v(p)}은(는) 이메일 주소가 아닙니다.`,
  service: (p) => `purchased_services의 ${v(p)}은(는) 서비스가 아닙니다(${SERVICES}).`,
  country: (p) => `${v(p)}은(는) 두 글자 국가 코드가 아닙니다.`,
  country_unknown: (p) => `${v(p)}은(는) 알 수 없는 국가 코드입니다.`,
  country_not_offered: (p) => `${v(p)}에서는 Webex가 제공되지 않습니다.`,
  handle: (p) => `${v(p)}은(는) 핸들이 아닙니다. 영문 소문자, 숫자, 대시만 사용하세요.`,
  handle_duplicate: (p) => `핸들 ${v(p)}이(가) ${str(p, "other")}번째 줄에도 있습니다.`,
  full_admin_missing: () => "full_admin_emails에 고객의 전체 관리자가 한 명 이상 있어야 합니다.",
  name_too_long: (p) => `이름이 ${str(p, "max") || "100"}자를 넘습니다.`,
  line: (p) => `${str(p, "line")}번째 줄: ${str(p, "problem")}`,
  file: (p) => `CSV: ${str(p, "problem")}`,
  errors_title: (p) => `CSV에 문제가 ${str(p, "count")}개 있습니다. 고친 뒤 다시 보내 주세요:`,
};

function prefixed(prefix: string, table: Record<string, (p: Params) => string>): Record<string, (p: Params) => string> {
  return Object.fromEntries(Object.entries(table).map(([k, f]) => [`${prefix}${k}`, f]));
}

export const commands: Record<string, (p: Record<string, unknown>) => string> = {
  ...Object.fromEntries(Object.entries(USAGE).map(([k, line]) => [`usage.${k}`, () => code(line)])),
  ...Object.fromEntries(Object.entries(HELP).map(([k, line]) => [`help.${k}`, () => line])),
  ...prefixed("problem.", PROBLEMS),
  ...prefixed("csv.", CSV),
  unknown: (p) =>
    str(p, "suggestion")
      ? `${v(p, "input")}은(는) 알 수 없는 명령어입니다. ${v(p, "suggestion")}을(를) 입력하려고 하셨나요? 할 수 있는 일을 보려면 ${code("help")}를 입력하세요.`
      : `${v(p, "input")}은(는) 알 수 없는 명령어입니다. 할 수 있는 일을 보려면 ${code("help")}를 입력하세요.`,
  usage_error: (p) => `${str(p, "problem")}\n사용법: ${str(p, "usage")}`,
  control_character: () =>
    "메시지에 명령에 쓸 수 없는 제어 문자(NUL 바이트 등)가 들어 있습니다. 아무것도 실행하지 않았습니다. 명령을 일반 텍스트로 다시 입력하세요.",
  "help.title": () => "할 수 있는 일은 다음과 같습니다:",
  "help.customer_admin": () =>
    `고객 조직의 관리자는 여기에서(또는 요청 카드에서) 파트너의 트라이얼 요청에 답하고 트라이얼을 확인합니다. 요청이 여럿이면 파트너 이름을 입력하세요. 예: ${code('accept "Bright Partners" full')}.`,
  "help.unregistered": () =>
    `아직 등록되지 않았습니다. 파트너의 전체 관리자에게 등록을 요청하세요(${code("person add <email> <role>")}).`,
  "help.footer": () =>
    `공백이 있는 고객 이름은 따옴표로 감싸세요: ${code('trial show "Acme Corp"')}. 한 명령어의 사용법은 ${code("help <명령어>")}를 입력하세요.`,
  "help.topic": (p) => `${str(p, "usage")}\n${str(p, "help")}`,
};
