// Adaptive Cards, rendered with Microsoft's official renderer (window.AdaptiveCards, loaded from
// /vendor/adaptivecards.min.js) and submitted as Webex does: an attachment action on the message.
import { renderMarkdown } from "./markdown.js";

const AC = window.AdaptiveCards;

// Close to how Webex shows cards: its font, compact spacing, blue actions.
const HOST_CONFIG = {
  fontFamily: "Inter, 'Segoe UI', system-ui, -apple-system, sans-serif",
  spacing: { small: 4, default: 8, medium: 16, large: 20, extraLarge: 28, padding: 14 },
  separator: { lineThickness: 1, lineColor: "#E1E3E6" },
  fontSizes: { small: 12, default: 14, medium: 16, large: 19, extraLarge: 23 },
  fontWeights: { lighter: 300, default: 400, bolder: 600 },
  supportsInteractivity: true,
  containerStyles: {
    default: {
      backgroundColor: "#FFFFFF",
      foregroundColors: {
        default: { default: "#1B1C1F", subtle: "#636770" },
        accent: { default: "#1170CF", subtle: "#1170CF" },
        good: { default: "#1D805F", subtle: "#1D805F" },
        warning: { default: "#B35A00", subtle: "#B35A00" },
        attention: { default: "#D12F2F", subtle: "#D12F2F" },
      },
    },
    emphasis: {
      backgroundColor: "#F2F4F7",
      foregroundColors: { default: { default: "#1B1C1F", subtle: "#636770" } },
    },
  },
  actions: {
    maxActions: 6,
    spacing: "default",
    buttonSpacing: 8,
    showCard: { actionMode: "inline", inlineTopMargin: 12 },
    actionsOrientation: "horizontal",
    actionAlignment: "left",
  },
  // Client-side validation looks like the bot's own problems under a field: small, in the attention colour.
  inputs: {
    label: { requiredInputs: { suffix: " *", suffixColor: "attention" }, optionalInputs: {} },
    errorMessage: { size: "small", spacing: "small", weight: "default", color: "attention" },
  },
};

if (AC) {
  // adaptivecards 3.0.6 treats an empty optional Input.Number with min/max as invalid (its value is
  // NaN, not undefined) and refuses to submit the card; Webex accepts it. Empty means "not set".
  const numberIsValid = AC.NumberInput.prototype.isValid;
  AC.NumberInput.prototype.isValid = function isValid() {
    return this.isSet() ? numberIsValid.call(this) : !this.isRequired;
  };
  AC.AdaptiveCard.onProcessMarkdown = (text, result) => {
    result.outputHtml = renderMarkdown(text);
    result.didProcess = true;
  };
}

/**
 * The rendered card of a message, or a note when it cannot be rendered. onSubmit(inputs) sends the
 * attachment action; it resolves when the emulator accepted it.
 */
export function renderCard(content, onSubmit) {
  const host = document.createElement("div");
  host.className = "card";
  if (!AC) {
    host.textContent = "The Adaptive Cards renderer did not load.";
    return host;
  }
  const status = document.createElement("div");
  status.className = "card-status";
  status.setAttribute("role", "status");

  const card = new AC.AdaptiveCard();
  card.hostConfig = new AC.HostConfig(HOST_CONFIG);
  card.onExecuteAction = async (action) => {
    const type = action.getJsonTypeName();
    if (type === "Action.OpenUrl") {
      window.open(action.url, "_blank", "noopener");
      return;
    }
    if (type !== "Action.Submit" && type !== "Action.Execute") return;
    // action.data holds the card's input values merged with the action's own data, as Webex sends them.
    const inputs = { ...(action.data ?? {}) };
    status.className = "card-status sending";
    status.textContent = "Sending…";
    try {
      await onSubmit(inputs);
      status.className = "card-status sent";
      status.textContent = "Sent";
    } catch (error) {
      status.className = "card-status failed";
      status.textContent = `Not sent: ${error.message}`;
    }
  };
  try {
    card.parse(content);
    const rendered = card.render();
    if (rendered) host.appendChild(rendered);
  } catch (error) {
    host.textContent = `This card could not be shown: ${error.message}`;
  }
  host.appendChild(status);
  return host;
}
