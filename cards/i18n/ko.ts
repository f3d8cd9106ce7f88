// 한국어 카드 문구.
import type { CardTexts } from "./types.ts";

const STATUS: Record<string, string> = {
  pending_consent: "동의 대기",
  awaiting_provisioning: "프로비저닝 대기",
  active: "진행 중",
  expired: "만료(유예 기간)",
  converted: "전환됨",
  cancelled: "취소됨",
  lapsed: "소멸됨",
  deleted: "삭제됨",
};
const days = (n: number) => `${n}일`;

const KO_REGIONS = new Intl.DisplayNames(["ko"], { type: "region" });

export const ko: CardTexts = {
  verticalNames: {
    Accounting: "회계",
    "Advertising and Marketing": "광고 및 마케팅",
    "Aerospace and Defense": "항공우주 및 방위",
    Agriculture: "농업",
    Automotive: "자동차",
    "Banking and Financial Services": "은행 및 금융 서비스",
    Construction: "건설",
    "Consulting and Professional Services": "컨설팅 및 전문 서비스",
    "Consumer Goods": "소비재",
    Education: "교육",
    "Energy and Utilities": "에너지 및 유틸리티",
    Engineering: "엔지니어링",
    "Entertainment and Media": "엔터테인먼트 및 미디어",
    "Food and Beverage": "식음료",
    Government: "정부 및 공공",
    Healthcare: "의료",
    "Hospitality and Travel": "호텔 및 여행",
    Insurance: "보험",
    Legal: "법률",
    "Life Sciences and Pharmaceuticals": "생명과학 및 제약",
    Manufacturing: "제조",
    "Non-Profit": "비영리",
    "Real Estate": "부동산",
    Retail: "소매",
    Technology: "기술",
    Telecommunications: "통신",
    "Transportation and Logistics": "운송 및 물류",
    "Wholesale and Distribution": "도매 및 유통",
    Other: "기타",
  },
  countryName: (code, name) => {
    try {
      return KO_REGIONS.of(code) ?? name;
    } catch {
      return name;
    }
  },
  fields: {
    companyName: "회사 이름",
    adminEmail: "고객 관리자 이메일",
    vertical: "업종",
    country: "국가",
    locationAck: "지원 지역 확인",
    customer: "고객",
    orgConfirmed: "조직 확인",
    services: "체험할 서비스",
    lengthDays: "트라이얼 기간",
    siteUrl: "미팅 사이트 URL",
    siteTimeZone: "미팅 사이트 시간대",
    devicesSkip: "디바이스 건너뛰기",
    deviceModel: "디바이스 모델",
    deviceQty: "수량",
    shippingAddress: "배송 주소",
    fullAdminAccess: "전체 관리자 권한",
    days: "연장 일수",
    addServices: "추가할 서비스",
    removeServices: "제거할 서비스",
    orderNumber: "Cisco Commerce 주문 번호",
    contactEmail: "프로비저닝 담당자 이메일",
    contactKind: "프로비저닝 담당자 구분",
    trialAdminEmail: "트라이얼 고객 관리자 이메일",
    paidServices: "유료 주문에 포함된 서비스",
    confirmMissing: "빠진 서비스 없이 전환",
    confirmShorten: "트라이얼 단축",
    reason: "사유",
  },
  problems: {
    required: { wrong: "값이 없습니다", expected: "값을 입력하세요" },
    too_long: { wrong: "너무 깁니다", expected: "100자 이하" },
    control_character: { wrong: "제어 문자(NUL 바이트 등)가 들어 있습니다", expected: "일반 텍스트" },
    email: { wrong: "이메일 주소가 아닙니다", expected: "name@example.com 형식의 주소" },
    vertical_unknown: { wrong: "목록에 없는 업종입니다", expected: "목록에서 가장 가까운 업종을 고르세요" },
    country_unknown: { wrong: "알 수 없는 국가입니다", expected: "목록에서 국가를 고르세요" },
    country_not_offered: {
      wrong: "Webex가 제공되지 않는 국가입니다",
      expected: "지원되는 국가 (이 국가에서는 트라이얼을 시작할 수 없습니다)",
    },
    ack_required: { wrong: "확인되지 않았습니다", expected: "고객이 지원 지역에 있음을 체크하여 확인하세요" },
    confirm_required: { wrong: "확인되지 않았습니다", expected: "올바른 기존 조직임을 체크하여 확인하세요" },
    services_required: { wrong: "선택된 서비스가 없습니다", expected: "서비스를 하나 이상 선택하세요" },
    service_unknown: { wrong: "존재하지 않는 서비스가 있습니다", expected: "메시징, 미팅, 통화 또는 디바이스" },
    service_not_offered: { wrong: "여기서 제공되지 않는 서비스가 있습니다", expected: "이 카드에 있는 서비스만" },
    length_invalid: { wrong: "제공되지 않는 기간입니다", expected: "30, 60 또는 90일" },
    site_url: { wrong: "Webex 미팅 사이트 URL이 아닙니다", expected: "<이름>.webex.com (예: acme.webex.com)" },
    time_zone: { wrong: "시간대가 아닙니다", expected: "IANA 시간대 (예: Asia/Seoul)" },
    device_model: { wrong: "수량에 해당하는 모델이 없습니다", expected: "수량을 입력한 줄마다 디바이스 모델" },
    device_qty: { wrong: "올바르지 않습니다", expected: "1에서 50 사이의 정수" },
    devices_required: {
      wrong: "디바이스가 없습니다",
      expected: "모델과 수량을 하나 이상 입력하거나 디바이스 건너뛰기를 체크하세요",
    },
    shipping_address: { wrong: "값이 없습니다", expected: "디바이스를 배송할 주소" },
    days: { wrong: "올바르지 않습니다", expected: "1에서 30 사이의 정수 일수" },
    change_required: { wrong: "변경할 내용이 없습니다", expected: "추가하거나 제거할 서비스를 하나 이상" },
    add_and_remove: { wrong: "같은 서비스를 추가하면서 제거합니다", expected: "서비스마다 추가 또는 제거 중 하나만" },
    order_number: { wrong: "Cisco Commerce 주문 번호가 아닙니다", expected: "6~12자리 숫자" },
    contact_kind: { wrong: "선택할 수 있는 값이 아닙니다", expected: "파트너 또는 고객 관리자" },
  },
  services: { messaging: "메시징", meetings: "미팅", calling: "통화", devices: "디바이스" },
  common: {
    fixBelow: "아래 항목을 고친 뒤 다시 제출하세요. 입력한 내용은 그대로 남아 있습니다.",
    expected: "필요한 값",
    yes: "예",
    no: "아니요",
    none: "없음",
    region: (region) => `${region} 리전`,
    days,
    lengthChoice: (n) => `${n}일${n === 30 ? " (기본값)" : ""}`,
    optional: "선택 사항",
    trialOf: (customer) => `${customer} 트라이얼`,
    status: (status) => STATUS[status] ?? status,
    endsOn: (date, left) => `종료일 ${date}${left !== null ? ` (${left}일 남음)` : ""}`,
    notStarted: "아직 시작 전",
    services: "서비스",
    fallback: (title) => `${title}: 이 메시지에는 카드가 있습니다. 카드를 표시하는 Webex 앱에서 여세요.`,
  },
  newCustomer: {
    title: "신규 고객 트라이얼 시작",
    intro:
      "고객이 파트너 조직 아래에 만들어지고 트라이얼이 바로 시작됩니다. 관리자는 admin.webex.com 안내가 담긴 환영 메시지를 받습니다.",
    countryHelp: "데이터 보관 리전은 국가에 따라 정해지며 국가 옆에 표시됩니다.",
    locationAck: "고객이 Webex가 제공되는 지역에 있음을 확인합니다",
    meetingsHeading: "미팅 (Enterprise Edition)",
    meetingsHelp: "미팅을 체험할 때 필요합니다: 고유한 사이트 URL과 사이트 시간대.",
    devicesHeading: "디바이스",
    devicesHelp: "디바이스를 체험할 때: 배송할 모델과 수량, 배송 주소를 입력하거나 이 단계를 건너뛰세요.",
    devicesSkip: "디바이스 단계 건너뛰기 (나중에 배송)",
    deviceModel: (n) => `디바이스 모델 ${n}`,
    deviceQty: (n) => `수량 ${n}`,
    callingNotice:
      "통화: Cloud Connected PSTN이 없으면 고객은 사용자용 DID(직통 번호)와 위치마다 DID 두 개가 필요합니다.",
    submit: "트라이얼 시작",
  },
  existingLookup: {
    title: "기존 고객 트라이얼 시작",
    intro: "기존 Webex 조직(핸들 또는 이름)을 입력하세요. 다음 단계에서 조직을 확인하고 체험 가능한 서비스를 고릅니다.",
    next: "다음",
  },
  existing: {
    title: (customer) => `${customer} 트라이얼 (고객 동의 필요)`,
    intro: "고객의 전체 관리자에게 동의 요청이 갑니다. 트라이얼은 답변을 기다립니다 (최대 10일).",
    orgFacts: (name, handle, country, region) => `${name} (${handle}), ${country}, ${region}`,
    confirmOrg: (customer) => `올바른 기존 조직입니다: ${customer}`,
    adminHelp: "요청을 받을 관리자입니다. 전체 관리자가 아니면 모든 전체 관리자에게도 요청이 갑니다.",
    noEligible: "이 고객은 지금 체험할 수 있는 서비스가 없습니다: 모든 서비스가 구매되었거나 다른 트라이얼에 있습니다.",
    submit: "동의 요청 보내기",
  },
  paying: {
    title: (customer) => `${customer} 트라이얼`,
    intro: "관리 중인 고객입니다. 트라이얼이 바로 시작되고 모든 고객 관리자에게 알립니다.",
    purchased: "구매한 서비스",
    managedBy: "관리 파트너",
    country: "국가",
    admins: "관리자",
    noEligible: "이 고객은 지금 체험할 수 있는 서비스가 없습니다: 모든 서비스가 구매되었거나 다른 트라이얼에 있습니다.",
    submit: "트라이얼 시작",
  },
  consent: {
    title: (partner, customer) => `${partner}에서 ${customer}의 Webex 트라이얼 시작을 요청합니다`,
    asks: (requestedBy, partner) => `요청자: ${requestedBy} (${partner}).`,
    deadline: (date, left) =>
      `${date}까지 답해 주세요 (${left <= 0 ? "오늘이 마지막 날" : `${left}일 남음`}). 그 후에는 요청이 만료됩니다.`,
    onlyFullAdmin: "조직의 전체 관리자만 수락하거나 거절할 수 있습니다.",
    fullAccess: "파트너에게 전체 관리자 권한 부여",
    fullAccessExplained:
      "체크하면: 파트너가 조직의 전체 관리자가 되어 체험 서비스를 프로비저닝하고 사용자와 라이선스도 관리할 수 있습니다.",
    provisioningExplained:
      "체크하지 않으면: 파트너는 프로비저닝 관리자가 되어 체험 서비스 프로비저닝만 할 수 있으며, 사용자나 라이선스는 관리할 수 없습니다.",
    accept: "수락",
    decline: "거절",
  },
  provision: {
    title: (customer) => `${customer} 트라이얼 프로비저닝`,
    intro: "고객이 수락했습니다. 프로비저닝 정보를 입력하면 트라이얼이 시작됩니다.",
    nothingNeeded: "더 필요한 정보가 없습니다. 제출하면 트라이얼이 시작됩니다.",
    submit: "트라이얼 시작",
  },
  menu: {
    title: (customer) => `${customer} 트라이얼 관리`,
    edit: "연장 또는 서비스 변경",
    convert: "전환",
    cancel: "트라이얼 취소",
    delete: "트라이얼 삭제",
  },
  edit: {
    title: (customer) => `${customer} 트라이얼 수정`,
    extendHeading: "연장",
    extendHelp:
      "오늘부터 계산합니다: 종료일은 오늘 + N일 (N은 최대 30)이며, 현재 종료일보다 이를 수도 있습니다. 그때는 아래 상자를 체크해 확인하세요. 디바이스 트라이얼을 늘리려면 트라이얼 팀의 승인이 필요하고, 디바이스가 있었던 날을 합쳐 120일을 넘을 수 없습니다.",
    servicesHeading: "서비스",
    servicesHelp:
      "추가하는 서비스는 고객이 체험할 수 있어야 합니다. 마지막 서비스는 제거할 수 없습니다 (대신 취소하세요).",
    add: "추가",
    remove: "제거",
    extend: "연장",
    change: "서비스 변경",
    confirmShorten: (end) => `새 종료일이 현재 종료일(${end})보다 이르면 트라이얼을 단축합니다`,
  },
  convert: {
    title: (customer) => `${customer} 트라이얼을 유료 주문으로 전환`,
    intro:
      "Cisco Commerce 주문 번호와 프로비저닝 담당자(파트너 본인 권장)가 필요합니다. 트라이얼 사용 데이터는 유지됩니다.",
    paidHelp: "트라이얼의 모든 서비스가 유료 주문에 있어야 합니다.",
    missingWarning: (services) => `경고: ${services}이(가) 유료 주문에 없어 전환 시 사라집니다.`,
    confirmMissing: "이해했습니다: 빠진 서비스 없이 전환합니다",
    submit: "전환",
    contactPartner: "파트너(권장)",
    contactCustomerAdmin: "고객 관리자",
    contactHelp:
      '프로비저닝 담당자는 "서비스 설정(Set up service)" 링크가 담긴 프로비저닝 메시지를 받습니다. 전환하기 전에 아래 고객 정보를 확인하세요.',
    customerDetails: (country, region, admins) => `국가: ${country}(데이터 지역 ${region}). 고객 관리자: ${admins}.`,
    devicesReturn:
      "트라이얼 디바이스는 유료 주문에 포함되지 않으며 디바이스 트라이얼이 끝나면 반납합니다. 유료 서비스용 디바이스는 CCW에서 주문하세요.",
  },
  cancel: {
    title: (customer) => `${customer} 트라이얼을 취소할까요?`,
    question: (status) =>
      `트라이얼 상태: ${status}. 취소하면 트라이얼이 중지되며, 동의나 프로비저닝을 기다리는 고객은 목록에서 빠집니다.`,
    confirm: "트라이얼 취소",
    keep: "유지",
  },
  delete: {
    title: (customer) => `${customer} 트라이얼을 삭제할까요?`,
    question: (status) => `트라이얼 상태: ${status}. 삭제하면 대기 중인 모든 타이머가 취소되고 감사 로그에 기록됩니다.`,
    confirm: "예, 삭제",
    keep: "유지",
  },
  reminder: {
    title: (left) =>
      left === null
        ? "Webex 트라이얼이 곧 끝납니다"
        : left <= 0
          ? "Webex 트라이얼이 오늘 끝납니다"
          : `Webex 트라이얼이 ${left}일 후에 끝납니다`,
    body: (services, customer, endDate) => `${customer}의 ${services} 트라이얼이 ${endDate}에 끝납니다.`,
    subscribe:
      "서비스를 계속 쓰려면 구독을 구매하세요: Control Hub에서 구독을 확인하거나 파트너에게 구매 의사를 알리세요.",
    interested: "구매에 관심이 있습니다",
    openControlHub: "Control Hub 구독",
  },
  opsExtension: {
    title: "디바이스 트라이얼 연장 승인이 필요합니다",
    body: (by, partner, customer, n, endDate, current) =>
      `${by} (${partner})이(가) ${customer}의 디바이스 트라이얼 종료일을 ${endDate}로 연장하기를 요청합니다(요청 시점 기준 오늘 + ${n}일, 현재 종료일 ${current}). 승인하면 종료일이 정확히 ${endDate}로 설정됩니다.`,
    rule: "디바이스 트라이얼은 디바이스가 있었던 모든 날을 합쳐 120일을 넘을 수 없습니다.",
    approve: "승인",
    deny: "거부",
  },
  outcome: {
    kept: "알겠습니다. 아무것도 바꾸지 않았습니다.",
    alreadyUsed: "이 카드는 이미 제출되었습니다. 더 한 일은 없습니다.",
    invalidReference:
      "유효하지 않은 카드입니다 (변경되었거나 trials-bot이 만든 카드가 아닙니다). 아무것도 바꾸지 않았습니다. 새 카드를 요청하세요.",
    wrongCard: "이 카드로는 할 수 없는 일입니다. 아무것도 바꾸지 않았습니다.",
    newCustomerStarted: (customer, endDate) =>
      `완료: ${customer} 트라이얼이 ${endDate}까지 진행됩니다. 고객 관리자에게 환영 메시지를 보내는 중입니다. 전달되지 않으면 여기에서 알려 드립니다.`,
    consentRequested: (customer, to) =>
      `완료: ${customer}의 동의 요청을 ${to}에게 보내는 중입니다. 답변이 오거나 전달되지 않으면 여기에서 알려 드립니다.`,
    payingStarted: (customer, endDate) =>
      `완료: ${customer} 트라이얼이 ${endDate}까지 진행됩니다. 모든 고객 관리자에게 알리는 중입니다. 전달되지 않은 메시지가 있으면 여기에서 알려 드립니다.`,
    accepted: (partner, full) =>
      `감사합니다: 트라이얼을 수락했습니다. ${partner}은(는) 이제 조직의 ${full ? "전체 관리자로서 체험 서비스를 프로비저닝하고 사용자와 라이선스를 관리할 수 있습니다" : "프로비저닝 관리자로서 체험 서비스 프로비저닝만 할 수 있습니다"}.`,
    declined: (partner) => `트라이얼을 거절했습니다. ${partner}에게 알렸으며 아무것도 설정되지 않았습니다.`,
    provisioned: (customer, endDate) => `완료: ${customer} 트라이얼이 ${endDate}까지 진행됩니다.`,
    extended: (customer, endDate, previous) =>
      `완료: ${customer} 트라이얼의 종료일은 이제 ${endDate}입니다${previous ? ` (이전: ${previous})` : ""}.`,
    extensionRequested: (customer, requested, end) =>
      `${customer} 디바이스 트라이얼의 종료일을 ${requested}로 바꾸는 연장 요청을 트라이얼 팀에 보냈습니다. 승인 전까지 종료일은 ${end} 그대로입니다. 결과는 여기에서 알려 드립니다.`,
    servicesChanged: (customer, services) => `완료: ${customer}은(는) 이제 ${services}을(를) 체험합니다.`,
    converted: (customer, order, devicesReturn) =>
      `완료: ${customer}이(가) 주문 ${order}(으)로 전환되었습니다. 트라이얼 사용 데이터는 유지됩니다.${devicesReturn ? " 트라이얼 디바이스는 디바이스 트라이얼이 끝나면 반납해야 합니다. 유료 서비스용 디바이스는 CCW에서 주문하세요." : ""}`,
    cancelled: (customer) => `완료: ${customer} 트라이얼이 취소되었습니다.`,
    deleted: (customer) => `완료: ${customer} 트라이얼이 삭제되고 타이머가 취소되었습니다.`,
    interested: (partner) => `감사합니다: ${partner}에게 구매 관심을 알렸습니다.`,
    extensionApproved: (customer, endDate, previous) =>
      `승인됨: ${customer} 디바이스 트라이얼의 종료일은 이제 ${endDate}입니다${previous ? ` (이전: ${previous})` : ""}. 파트너에게 알렸습니다.`,
    extensionDenied: (customer, endDate, requested) =>
      `거부됨: ${customer} 디바이스 트라이얼의 종료일은 ${endDate} 그대로입니다(요청한 종료일: ${requested}). 파트너에게 알렸습니다.`,
  },
};
