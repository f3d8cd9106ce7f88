// Customer handles: short, typeable, unique ("Acme Corp." → "acme-corp", then "acme-corp-2").
export function baseHandle(name: string): string {
  const slug = name
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 24)
    .replace(/-+$/g, "");
  return slug || "customer";
}

export async function uniqueHandle(name: string, taken: (handle: string) => Promise<boolean>): Promise<string> {
  const base = baseHandle(name);
  if (!(await taken(base))) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base}-${n}`;
    if (!(await taken(candidate))) return candidate;
  }
}
