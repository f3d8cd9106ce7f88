// 한국어 답변 (`reply.<key>`).
import {
  bullets,
  code,
  formatDate,
  formatDateTime,
  lines,
  list,
  md,
  num,
  records,
  serviceList,
  str,
} from "../format.ts";
import type { Render } from "../types.ts";
import { ACCESS, EVENT, KIND, MESSAGE_NAME, STATUS, SYSTEM_ACTOR, UNDELIVERABLE } from "./words.ts";

const status = (s: string) => STATUS[s] ?? s;

const trialLine = (p: Record<string, unknown>): string => {
  const left = num(p, "daysLeft");
  const date = str(p, "endDate") ? formatDate("ko", str(p, "endDate")) : "";
  const over = ["converted", "cancelled", "lapsed", "deleted"].includes(str(p, "status"));
  // 끝난 트라이얼에는 남은 일수가 없습니다. 전환된 트라이얼은 유료 주문 번호를 보여 줍니다.
  const end = str(p, "orderNumber")
    ? `주문 ${code(str(p, "orderNumber"))}`
    : over
      ? date
        ? `트라이얼 종료일 ${date}`
        : "시작되지 않음"
      : !date
        ? "시작 전"
        : left !== null && left < 0
          ? `${date} 종료됨`
          : `종료일 ${date}${left === null ? "" : left === 0 ? " (오늘)" : ` (${left}일 남음)`}`;
  return `**${md(str(p, "customer"))}** (${code(str(p, "handle"))})${str(p, "partner") ? `, 파트너 **${md(str(p, "partner"))}**` : ""} — ${status(str(p, "status"))}, ${serviceList("ko", list(p, "services"))}, ${end}`;
};

export const replies: Record<string, Render> = {
  "reply.intro": () =>
    lines(
      "안녕하세요, **trials-bot**입니다. 채팅에서 Webex 서비스 트라이얼을 운영합니다.",
      `이 스페이스를 연결하려면 봇 관리자나 파트너 전체 관리자가 여기에서 ${code("space link <partner> partner")} (운영 스페이스는 ${code("space link ops")})를 입력하세요.`,
      `할 수 있는 일을 보려면 ${code("help")}를 입력하세요.`,
    ),
  "reply.whoami": (p) =>
    lines(
      `${code(str(p, "email"))} 님입니다.`,
      str(p, "role")
        ? `역할: **${str(p, "role")}**${str(p, "partner") ? ` (${md(str(p, "partner"))})` : ""}.`
        : "trials-bot에 등록되어 있지 않습니다. 파트너의 전체 관리자에게 등록을 요청하세요.",
      p.isBotAdmin ? "봇 관리자입니다." : null,
      `언어: ${str(p, "language")}.`,
    ),
  "reply.lang_set": (p) => `완료: 앞으로 ${str(p, "language") === "ko" ? "한국어" : "영어"}로 답합니다.`,
  "reply.trial_list": (p) => {
    const rows = records(p, "rows");
    const n = num(p, "expiringDays");
    const filter = [n !== null ? `${n}일 안에 종료` : "", str(p, "statusFilter") ? status(str(p, "statusFilter")) : ""]
      .filter(Boolean)
      .join(", ");
    if (rows.length === 0)
      return `${filter ? `조건(${filter})에 맞는 ` : ""}트라이얼이 없습니다. ${code("trial start")}로 시작하세요.`;
    return lines(`**트라이얼 ${rows.length}개**${filter ? ` (${filter})` : ""}:`, bullets(rows.map(trialLine)));
  },
  "reply.trial_show": (p) =>
    lines(
      trialLine(p),
      `종류: ${KIND[str(p, "kind")] ?? str(p, "kind")}; 시작일 ${str(p, "startDate") ? formatDate("ko", str(p, "startDate")) : "—"}; 기간 ${str(p, "lengthDays")}일.`,
      str(p, "siteUrl") ? `미팅 사이트: ${str(p, "siteUrl")} (${str(p, "siteTimeZone")})` : null,
      str(p, "consentDeadline")
        ? `${code(str(p, "consentAdminEmail"))}에게 동의를 요청했습니다. 마감: ${formatDate("ko", str(p, "consentDeadline"))}.`
        : null,
      str(p, "access") ? `파트너 권한: ${ACCESS[str(p, "access")] ?? str(p, "access")}.` : null,
      str(p, "orderNumber") ? `주문 ${code(str(p, "orderNumber"))}로 전환되었습니다.` : null,
      num(p, "devices")
        ? `디바이스: 배송 ${num(p, "devices")}대, 미반납 ${num(p, "devicesOut")}대, 확인 필요 ${num(p, "devicesFlagged")}대.`
        : null,
      str(p, "pendingExtension")
        ? `종료일을 ${formatDate("ko", str(p, "pendingExtension"))}로 바꾸는 디바이스 트라이얼 연장이 트라이얼 팀의 승인을 기다리고 있습니다.`
        : null,
      ...records(p, "undelivered").map(
        (u) =>
          `전달 실패 (${formatDate("ko", str(u, "at"))}): ${code(str(u, "recipient"))}에게 보낸 ${MESSAGE_NAME[str(u, "what")] ?? "메시지"}: ${UNDELIVERABLE[str(u, "reason")] ?? UNDELIVERABLE.failed}.`,
      ),
    ),
  "reply.done": (p) => `완료: ${str(p, "what")}.`,
  // R-EXT-1: 두 날짜를 모두 보여 주어 단축이나 작은 변경도 그대로 읽히게 합니다.
  "reply.extended": (p) =>
    `완료: **${md(str(p, "customer"))}** 트라이얼의 종료일은 이제 ${formatDate("ko", str(p, "endDate"))}입니다${str(p, "previousEndDate") ? ` (이전: ${formatDate("ko", str(p, "previousEndDate"))})` : ""}.`,
  "reply.extension_requested": (p) =>
    lines(
      `**${md(str(p, "customer"))}** 디바이스 트라이얼의 종료일을 ${formatDate("ko", str(p, "requestedEndDate"))}로 바꾸는 연장 요청을 트라이얼 팀에 보냈습니다. 승인 전까지 종료일은 ${formatDate("ko", str(p, "endDate"))} 그대로입니다. 결과는 여기로 알려 드립니다.`,
      str(p, "replacedEndDate")
        ? `종료일 ${formatDate("ko", str(p, "replacedEndDate"))}의 이전 요청을 대체합니다.`
        : null,
    ),
  // R-EXT-2: 채팅으로 입력한 운영팀의 결정.
  "reply.extension_approved": (p) =>
    `승인: **${md(str(p, "customer"))}** 디바이스 트라이얼의 종료일은 이제 ${formatDate("ko", str(p, "endDate"))}입니다${str(p, "previousEndDate") ? ` (이전: ${formatDate("ko", str(p, "previousEndDate"))})` : ""}. 파트너에게 알렸습니다.`,
  "reply.extension_denied": (p) =>
    `거절: **${md(str(p, "customer"))}** 디바이스 트라이얼의 종료일은 ${formatDate("ko", str(p, "endDate"))} 그대로입니다(요청한 종료일: ${formatDate("ko", str(p, "requestedEndDate"))}). 파트너에게 알렸습니다.`,
  "reply.services_changed": (p) =>
    `완료: **${md(str(p, "customer"))}**의 체험 서비스: ${serviceList("ko", list(p, "services"))}.`,
  "reply.converted": (p) =>
    lines(
      `완료: **${md(str(p, "customer"))}** 트라이얼이 주문 ${code(str(p, "orderNumber"))}로 전환되었습니다. 트라이얼 사용 데이터는 유지됩니다.${str(p, "contact") ? ` "서비스 설정(Set up service)" 링크가 담긴 프로비저닝 메시지를 ${code(str(p, "contact"))}에 보냈습니다.` : ""}`,
      p.devicesReturn
        ? "트라이얼 디바이스는 주문에 포함되지 않으므로 디바이스 트라이얼이 끝나면 반납해야 합니다. 유료 서비스용 디바이스는 CCW에서 주문하세요."
        : null,
    ),
  "reply.cancelled": (p) => `완료: **${md(str(p, "customer"))}** 트라이얼이 취소되었습니다.`,
  "reply.deleted": (p) =>
    `완료: **${md(str(p, "customer"))}** 트라이얼이 삭제되고 예약된 타이머가 모두 취소되었습니다.`,
  "reply.resent": (p) => `완료: **${md(str(p, "customer"))}**에 동의 요청을 다시 보냈습니다.`,
  "reply.provisioned": (p) =>
    `완료: **${md(str(p, "customer"))}** 트라이얼이 ${formatDate("ko", str(p, "endDate"))}까지 진행됩니다.`,
  "reply.devices_shipped": (p) =>
    `완료: **${md(str(p, "customer"))}**의 디바이스 ${num(p, "count")}대를 기록했습니다. 반납 기한: ${formatDate("ko", str(p, "dueDate"))}.`,
  "reply.devices_returned": (p) =>
    lines(
      `완료: **${md(str(p, "customer"))}**의 반납을 기록했습니다.`,
      list(p, "flagged").length
        ? `확인 필요(일련번호 불일치): ${list(p, "flagged").map(code).join(", ")}. 이 표시는 해결될 때까지 유지됩니다.`
        : null,
    ),
  "reply.trials_team_told": (p) => {
    const serials = list(p, "serials");
    const email = str(p, "trialsTeamEmail") || "webextrials_info@cisco.com";
    return lines(
      `완료: **${md(str(p, "customer"))}** 요청을 운영 스페이스의 트라이얼 팀에 전달했습니다.`,
      `트라이얼 팀에 직접 연락하려면: ${code(email)}. 메시지 초안:`,
      `> **받는 사람:** ${code(email)}`,
      `> **제목:** ${md(str(p, "customer"))}의 트라이얼 디바이스`,
      `> 안녕하세요, 트라이얼 팀. ${md(str(p, "customer"))}의 트라이얼 디바이스에 대해 문의드립니다.`,
      str(p, "demoOrder") ? `> 데모 주문 번호: ${md(str(p, "demoOrder"))}` : "> 데모 주문 번호가 없습니다.",
      str(p, "orgId") ? `> 고객 조직 ID: ${md(str(p, "orgId"))}` : null,
      str(p, "adminEmail") ? `> 고객 관리자 이메일: ${md(str(p, "adminEmail"))}` : null,
      serials.length ? `> 디바이스 일련번호: ${serials.map(md).join(", ")}` : null,
    );
  },
  "reply.return_label_requested": (p) =>
    `완료: **${md(str(p, "customer"))}**의 디바이스 ${code(str(p, "serial"))}에 대한 새 반납 라벨 요청을 트라이얼 팀에 전달했습니다(미국, UPS). 이후 고객이 UPS 픽업을 예약합니다.`,
  "reply.return_process_requested": (p) =>
    `완료: **${md(str(p, "customer"))}**의 디바이스 ${code(str(p, "serial"))}를 고객 위치에서 어떻게 반납할지 트라이얼 팀이 정합니다. 결과는 여기로 알려 드립니다.`,
  "reply.confirm_delete": (p) =>
    `**${md(str(p, "customer"))}** 트라이얼(${status(str(p, "status"))})을 삭제할까요? 예약된 타이머가 모두 취소됩니다. 삭제하려면 ${code("yes")}, 유지하려면 ${code("no")}를 입력하세요.`,
  "reply.nothing_to_confirm": () => `yes 또는 no로 답할 질문이 없습니다.`,
  "reply.kept": () => `알겠습니다. 아무것도 삭제하지 않았습니다.`,
  "reply.partner_added": (p) => `완료: 파트너 **${md(str(p, "name"))}** (${str(p, "tier")}, ${str(p, "timeZone")}).`,
  "reply.person_added": (p) =>
    `완료: ${code(str(p, "email"))} 님의 역할은 **${str(p, "role")}**입니다${str(p, "partner") ? ` (${md(str(p, "partner"))})` : ""}.`,
  "reply.person_removed": (p) => `완료: ${code(str(p, "email"))} 님의 등록을 해제했습니다.`,
  "reply.space_linked": (p) =>
    str(p, "kind") === "ops" && str(p, "partner")
      ? `완료: 이 스페이스는 **${md(str(p, "partner"))}**의 운영 스페이스입니다. 이 파트너의 트라이얼 만료 이벤트가 여기로 옵니다.`
      : str(p, "kind") === "ops"
        ? `완료: 이 스페이스가 운영 스페이스가 되었습니다. 만료 이벤트와 일일 요약이 여기로 옵니다.`
        : `완료: 이 스페이스는 **${md(str(p, "partner"))}**의 스페이스입니다.`,
  "reply.import_done": (p) =>
    lines(
      `가져오기 완료: 신규 ${num(p, "created")}개, 갱신 ${num(p, "updated")}개.`,
      ...records(p, "problems").map((x) =>
        str(x, "problem") === "not_your_customer"
          ? `${str(x, "line")}행: 고객 ${code(str(x, "value"))}은(는) 다른 파트너가 관리하는 고객이라 건너뛰었습니다 (봇 관리자만 변경할 수 있습니다).`
          : str(x, "problem") === "not_your_partner"
            ? `${str(x, "line")}행: 파트너 ${code(str(x, "value"))}은(는) 귀사가 아니라 건너뛰었습니다 (자사 고객만 가져올 수 있습니다).`
            : `${str(x, "line")}행: 파트너 ${code(str(x, "value"))}가 등록되어 있지 않아 건너뛰었습니다 (먼저 ${code("partner add")}).`,
      ),
    ),
  "reply.import_needs_csv": () => `${code("customer import")} 다음 줄에 CSV 행을 붙여 넣거나 CSV 파일을 첨부하세요.`,
  "reply.audit": (p) => {
    const entries = records(p, "entries");
    if (entries.length === 0) return `**${md(str(p, "customer"))}**에 대한 기록이 아직 없습니다.`;
    return lines(
      `**${md(str(p, "customer"))} 감사 로그** (최근 ${entries.length}건):`,
      bullets(
        entries.map(
          (e) =>
            `${formatDateTime("ko", str(e, "at"), str(p, "timeZone") || "UTC")} — ${EVENT[str(e, "action")] ?? str(e, "action").replace(/[._]/g, " ")} (${str(e, "actor").startsWith("system:") ? SYSTEM_ACTOR : md(str(e, "actor"))})`,
        ),
      ),
    );
  },
  "reply.card_needed": () =>
    `트라이얼 시작과 프로비저닝은 카드로 합니다. 이 버전의 trials-bot에는 아직 카드 양식이 없습니다.`,
  "reply.clock": (p) =>
    `테스트 시계: ${formatDateTime("ko", str(p, "now"), str(p, "timeZone") || "UTC")}${num(p, "fired") !== null ? ` (타이머 ${num(p, "fired")}개 실행)` : ""}.`,
  "reply.card_follows": () =>
    `무엇을 하시겠습니까? (이 메시지에는 카드가 있습니다. 카드를 표시하는 Webex 앱에서 여세요.)`,
  "reply.failed": () => `처리 중 문제가 생겨 아무것도 변경하지 않았습니다. 잠시 후 다시 시도해 주세요.`,
  // R-CONSENT-7: 고객 관리자가 채팅에서 보고 답하는 내용.
  "reply.requests": (p) => {
    const requests = records(p, "requests");
    const trials = records(p, "trials");
    const request = (r: Record<string, unknown>) =>
      `**${md(str(r, "partner"))}**에서 **${md(str(r, "customer"))}**에 ${serviceList("ko", list(r, "services"))} 트라이얼을 시작하려고 합니다${str(r, "deadline") ? ` (응답 기한: ${str(r, "deadline")})` : ""}.` +
      (r.canAnswer
        ? ` ${code(`accept ${quoted(str(r, "partner"))}`)}(파트너는 프로비저닝 관리자가 되어 트라이얼 서비스 프로비저닝만 할 수 있습니다), ${code(`accept ${quoted(str(r, "partner"))} full`)}(전체 관리자 권한: 사용자와 라이선스도 관리할 수 있습니다) 또는 ${code(`decline ${quoted(str(r, "partner"))}`)}를 입력하세요.`
        : " 조직의 전체 관리자만 수락하거나 거절할 수 있습니다.");
    const trial = (t: Record<string, unknown>) =>
      `**${md(str(t, "customer"))}** — **${md(str(t, "partner"))}**, ${status(str(t, "status"))}, ${serviceList("ko", list(t, "services"))}${str(t, "endDate") ? `, 종료일 ${formatDate("ko", str(t, "endDate"))}` : ""}`;
    return lines(
      requests.length
        ? lines(`**답변을 기다리는 트라이얼 요청 (${requests.length}건):**`, bullets(requests.map(request)))
        : "답변을 기다리는 트라이얼 요청이 없습니다.",
      trials.length
        ? lines(
            "",
            `**조직의 트라이얼:**`,
            bullets(trials.map(trial)),
            `구매에 관심이 있다고 파트너에게 알리려면 ${code("interested")}를 입력하세요(파트너가 여럿이면 파트너 이름도 함께).`,
          )
        : null,
    );
  },
  "reply.customer_none": (p) => {
    const options = records(p, "options");
    const what = str(p, "kind") === "request" ? "트라이얼 요청" : "진행 중인 트라이얼";
    const head = str(p, "which")
      ? `${code(str(p, "which"))}에 해당하는 ${what}이 없습니다.`
      : `답할 ${what}이 없습니다.`;
    return lines(
      head,
      options.length
        ? `다음 중 하나를 입력하세요: ${options.map((o) => code(quoted(str(o, "partner")))).join(", ")} (또는 고객 핸들).`
        : `${code("requests")}를 입력하면 기다리는 요청을 볼 수 있습니다.`,
    );
  },
  "reply.customer_pick": (p) =>
    lines(
      `어느 것인가요? 파트너 이름(또는 고객 핸들)을 입력하세요:`,
      bullets(
        records(p, "options").map(
          (o) => `${code(quoted(str(o, "partner")))} — **${md(str(o, "customer"))}** (${code(str(o, "handle"))})`,
        ),
      ),
    ),
  "reply.accepted": (p) => str(p, "text"),
  "reply.whoami_customer": (p) =>
    lines(
      `${code(str(p, "email"))} 님은 ${records(p, "customers")
        .map((c) => `**${md(str(c, "name"))}**의 ${c.fullAdmin ? "전체 관리자" : "관리자"}`)
        .join(", ")}입니다.`,
      `기다리는 트라이얼 요청과 트라이얼 보기(${code("requests")}), 요청 수락 또는 거절(${code("accept")}, ${code("decline")}), 구매 관심을 파트너에게 알리기(${code("interested")})를 할 수 있습니다. 방법은 ${code("help")}를 입력하세요.`,
      `언어: ${str(p, "language") === "ko" ? "한국어" : "영어"} (바꾸려면 ${code("lang en")} 또는 ${code("lang ko")}).`,
    ),
};

/** 명령에 입력하는 이름: 공백이 있으면 따옴표로 묶습니다. */
function quoted(name: string): string {
  return /\s/.test(name) ? `"${name}"` : name;
}
