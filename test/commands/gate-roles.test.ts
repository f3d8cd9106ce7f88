// The command table's gate (R-ORG-2) refuses with role_required naming who may use the command:
// the domain's rolesNeeded, which must name exactly what mayUse lets through.
import { describe, expect, it } from "vitest";
import { COMMANDS, commandEntry, mayUse, rolesNeeded } from "../../bot/commands/table.ts";
import { isPersonRole } from "../../domain/roles.ts";

const MANAGING = ["full_admin", "sales_full_admin", "sales_admin"];

describe("the roles a gate refusal names", () => {
  it("R-ORG-2: each kind of access names its roles, bot admins where they may too", () => {
    expect(rolesNeeded(commandEntry("trial.show"))).toEqual([...MANAGING, "read_only"]);
    expect(rolesNeeded(commandEntry("trial.add"))).toEqual(MANAGING);
    expect(rolesNeeded(commandEntry("customer.import"))).toEqual([...MANAGING, "bot admin"]);
    expect(rolesNeeded(commandEntry("person.add"))).toEqual(["bot admin", "full_admin"]);
    expect(rolesNeeded(commandEntry("partner.add"))).toEqual(["bot admin"]);
    expect(rolesNeeded(commandEntry("device.approve"))).toEqual(["ops"]);
    expect(rolesNeeded(commandEntry("accept"))).toEqual(["customer_admin"]);
    expect(rolesNeeded(commandEntry("lang"))).toEqual(["a registered person"]);
  });

  it("R-ORG-2: every role a refusal names is let through by the gate", () => {
    for (const entry of COMMANDS) {
      for (const named of rolesNeeded(entry)) {
        const who = isPersonRole(named)
          ? { role: named, isBotAdmin: false }
          : named === "bot admin"
            ? { role: null, isBotAdmin: true }
            : named === "customer_admin"
              ? { role: null, isBotAdmin: false, isCustomerAdmin: true }
              : { role: "read_only" as const, isBotAdmin: false };
        expect({ command: entry.name, named, allowed: mayUse(entry, who) }).toEqual({
          command: entry.name,
          named,
          allowed: true,
        });
      }
    }
  });
});
