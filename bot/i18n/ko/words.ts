// 한국어: 거절 메시지와 템플릿이 함께 쓰는 단어 (역할, 상태, 작업, 입력 항목, 사유).

export const ROLE: Record<string, string> = {
  full_admin: "전체 관리자",
  sales_full_admin: "영업 전체 관리자",
  sales_admin: "영업 관리자",
  read_only: "읽기 전용 관리자",
  ops: "트라이얼 팀(운영)",
  // The refusals name bot admins (BOT_ADMINS) among the roles that may do something.
  "bot admin": "봇 관리자",
};

export const STATUS: Record<string, string> = {
  pending_consent: "고객 동의 대기 중",
  awaiting_provisioning: "프로비저닝 정보 대기 중",
  active: "활성",
  expired: "만료됨(유예 기간 중)",
  converted: "유료 주문으로 전환됨",
  cancelled: "취소됨",
  lapsed: "소멸됨",
  deleted: "삭제됨",
};

/** `invalid_transition`의 작업 이름. */
export const ACTION: Record<string, string> = {
  extend: "연장",
  convert: "전환",
  "change services": "서비스 변경",
  cancel: "취소",
  delete: "삭제",
  interested: "구매 관심 등록",
  accept: "동의 요청 수락",
  decline: "동의 요청 거절",
  resend: "동의 요청 재전송",
  provision: "프로비저닝 완료",
  "ship devices": "디바이스 배송 기록",
};

export const FIELD: Record<string, string> = {
  companyName: "회사 이름",
  adminEmail: "고객 관리자 이메일",
  vertical: "업종",
  country: "국가",
  customer: "고객",
  days: "일수",
  services: "서비스",
  orderNumber: "주문 번호",
  provisioningContactEmail: "프로비저닝 담당자 이메일",
  provisioningContactKind: "프로비저닝 담당자 구분",
  trialAdminEmail: "트라이얼 고객 관리자 이메일",
  paidServices: "유료 주문의 서비스",
  siteUrl: "미팅 사이트 URL",
  timeZone: "시간대",
  devices: "디바이스",
  deviceModel: "디바이스 모델",
  deviceQuantity: "디바이스 수량",
  shippingAddress: "배송 주소",
  eulaExpiryDate: "EULA 디바이스 만료일",
  serials: "일련번호",
  serial: "일련번호",
  lengthDays: "트라이얼 기간",
};

export const ACCESS: Record<string, string> = {
  full_admin: "고객 조직의 전체 관리자(트라이얼 서비스 프로비저닝과 사용자 및 라이선스 관리 가능)",
  provisioning_admin: "프로비저닝 관리자(트라이얼 서비스 프로비저닝만 가능, 사용자·라이선스 관리 불가)",
};

export const CANCEL_REASON: Record<string, string> = {
  declined: "고객이 트라이얼 요청을 거절했습니다",
  consent_expired: "기한 내에 고객의 전체 관리자가 동의 요청에 응답하지 않았습니다",
  "cancelled by partner": "파트너가 취소했습니다",
};

export const INELIGIBLE: Record<string, string> = {
  purchased: "고객이 이미 구매한 서비스입니다",
  trialed_by_other_partner: "다른 파트너가 이미 이 고객을 위해 트라이얼 중입니다",
  already_in_trial: "이 고객의 다른 트라이얼에 이미 포함되어 있습니다",
};

/**
 * 도메인이 영어로 보내는 `invalid_input`의 `expected` 문구 → 한국어. 새 문구가 생기면
 * test/i18n/catalogue.test.ts가 알려 줍니다. 없는 문구는 영어 그대로 보여 줍니다.
 */
export const EXPECTED: Record<string, string> = {
  "the customer's company name": "고객의 회사 이름",
  "an e-mail address": "이메일 주소",
  "an e-mail address (yours is recommended)": "이메일 주소(본인 주소를 권장합니다)",
  "a business vertical from the list": "목록에 있는 업종",
  "a customer you do not manage yet (use trial add for your own customers)":
    "아직 관리하지 않는 고객(이미 관리하는 고객은 `trial add`를 사용하세요)",
  "a customer you manage (use trial start existing to ask for consent)":
    "관리 중인 고객(그 외 고객은 `trial start existing`으로 동의를 요청하세요)",
  "a whole number of days from 1 to 30": "1에서 30 사이의 정수 일수",
  "at least one service to add (+calling) or remove (-meetings)":
    "추가(+calling)하거나 제거(-meetings)할 서비스 하나 이상",
  "the Cisco Commerce order number (6 to 12 digits)": "Cisco Commerce 주문 번호(6~12자리 숫자)",
  "<name>.webex.com": "<이름>.webex.com",
  "IANA time zone, e.g. Europe/Paris": "IANA 시간대(예: Asia/Seoul)",
  "at least one device model, or skip": "디바이스 모델 하나 이상, 또는 건너뛰기",
  "a device model name": "디바이스 모델 이름",
  "a whole number from 1 to 50": "1에서 50 사이의 정수",
  "the address the devices are shipped to": "디바이스를 받을 배송 주소",
  "add the Devices service to ship devices": "디바이스를 배송하려면 디바이스 서비스를 추가하세요",
  "a trial with the Devices service (trial services <customer> +devices)":
    "디바이스 서비스가 포함된 트라이얼(`trial services <customer> +devices`로 추가)",
  "the EULA device expiry date as yyyy-mm-dd": "EULA 디바이스 만료일(yyyy-mm-dd 형식)",
  "at least one model and serial number": "모델과 일련번호 하나 이상",
  "a device model and a serial number (letters and digits)": "디바이스 모델과 일련번호(영문자와 숫자)",
  "a serial number not already recorded for this trial": "이 트라이얼에 아직 기록되지 않은 일련번호",
  "the serial numbers of the returned devices": "반납된 디바이스의 일련번호",
  "whether the provisioning contact is the partner or the customer admin":
    "프로비저닝 담당자가 파트너인지 고객 관리자인지",
  "the e-mail address of the trial's customer admin": "트라이얼 고객 관리자의 이메일 주소",
  "at least one service other than Devices (devices for the paid service are ordered through CCW)":
    "디바이스 외의 서비스 하나 이상(유료 서비스용 디바이스는 CCW에서 주문합니다)",
};

/** 템플릿별 발신 메시지 이름 (전달 실패 알림, trial show). */
export const MESSAGE_NAME: Record<string, string> = {
  "customer.welcome": "환영 메시지",
  "customer.consent_request": "동의 요청",
  "customer.trial_started": "트라이얼 시작 안내",
  "customer.expiry_reminder": "만료 알림",
  "customer.users_access_ended": "이용 종료 안내",
  "customer.trial_converted": "전환 안내",
  "customer.device_return_due": "디바이스 반납 알림",
  "customer.device_return_overdue": "디바이스 미반납 안내",
};

/** Webex가 메시지를 전달하지 못한 이유. */
export const UNDELIVERABLE: Record<string, string> = {
  not_found: "Webex에서 이 수신자를 찾을 수 없습니다(해당 이메일의 Webex 계정 없음)",
  forbidden: "Webex가 이 수신자에게 봇이 메시지를 보내는 것을 허용하지 않았습니다",
  bad_request: "Webex가 메시지를 거부했습니다",
  failed: "여러 번 시도했지만 Webex가 받지 않았습니다",
};

/** 트라이얼 종류 (trial show). */
export const KIND: Record<string, string> = {
  new_customer: "신규 고객",
  existing_customer: "기존 고객(동의 필요)",
  paying_customer: "유료 고객",
};

/** 감사 로그 이벤트 (audit). */
export const EVENT: Record<string, string> = {
  "trial.started": "트라이얼 시작",
  "trial.consent_requested": "동의 요청",
  "trial.consent_resent": "동의 요청 재전송",
  "trial.consent_accepted": "동의 수락",
  "trial.consent_declined": "동의 거절",
  "trial.consent_expired": "동의 요청 만료",
  "trial.provisioned": "프로비저닝 완료",
  "trial.extended": "연장",
  "trial.extension_requested": "디바이스 트라이얼 연장 요청",
  "trial.extension_approved": "디바이스 트라이얼 연장 승인",
  "trial.extension_denied": "디바이스 트라이얼 연장 거부",
  "trial.services_changed": "서비스 변경",
  "trial.converted": "유료 주문으로 전환",
  "trial.cancelled": "취소",
  "trial.deleted": "삭제",
  "trial.customer_interested": "고객 구매 관심",
  "trial.reminder_sent": "만료 알림 발송",
  "trial.expired": "만료(유예 기간 시작)",
  "trial.users_notified": "사용자에게 이용 종료 안내",
  "trial.lapsed": "소멸",
  "trial.calling_numbers_released": "전화번호 해제",
  "devices.shipped": "디바이스 배송",
  "devices.returned": "디바이스 반납",
  "devices.flagged_missing": "디바이스 미반납 표시",
  "devices.return_label_requested": "반납 라벨 요청",
  "devices.return_reminder_sent": "디바이스 반납 알림 발송",
  "devices.trials_team_contacted": "트라이얼 팀에 문의",
  "message.undeliverable": "메시지 전달 실패",
  "customer.imported": "고객 가져오기",
  "customer.updated": "고객 정보 변경",
  "customer_admin.language_set": "고객 관리자 언어 선택",
};

/** 사람이 아닌 처리자: 봇의 타이머와 메시지 전달. */
export const SYSTEM_ACTOR = "trials-bot(자동)";
