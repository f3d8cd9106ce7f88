// The page talks to the Webex emulator's REST API as the chosen persona (Bearer token), through the
// sandbox server's same-origin proxy at /webex/v1 — the same calls a Webex client makes.

export class WebexApi {
  constructor(token) {
    this.token = token;
  }

  async request(method, path, body) {
    const response = await fetch(`/webex/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${this.token}`, ...(body ? { "content-type": "application/json" } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    // It answered: whatever said "not answering" is over.
    document.getElementById("offline-bar")?.remove();
    const text = await response.text();
    const data = text ? JSON.parse(text) : null;
    if (!response.ok) {
      const error = new Error(data?.message ?? `${method} ${path}: HTTP ${response.status}`);
      error.status = response.status;
      throw error;
    }
    return data;
  }

  rooms() {
    return this.request("GET", "/rooms?max=100").then((d) => d.items);
  }

  members(roomId) {
    return this.request("GET", `/memberships?roomId=${encodeURIComponent(roomId)}`).then((d) => d.items);
  }

  /** Oldest first (the API lists newest first). */
  messages(roomId, max = 300) {
    return this.request("GET", `/messages?roomId=${encodeURIComponent(roomId)}&max=${max}`).then((d) =>
      d.items.reverse(),
    );
  }

  send(message) {
    return this.request("POST", "/messages", message);
  }

  submitCard(messageId, inputs) {
    return this.request("POST", "/attachment/actions", { type: "submit", messageId, inputs });
  }
}

export async function sandboxInfo() {
  const response = await fetch("/api/sandbox");
  if (!response.ok) throw new Error(`the sandbox did not answer (HTTP ${response.status})`);
  return response.json();
}

export async function clockNow() {
  const response = await fetch("/api/clock");
  return response.ok ? (await response.json()).now : null;
}
