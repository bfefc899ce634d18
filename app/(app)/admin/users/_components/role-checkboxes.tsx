import { ROLE_DESCRIPTIONS, ROLE_LABELS, ROLES, type Role } from "@/lib/model/roles";

/** Native checkboxes named "roles": they post as repeated form fields. */
export function RoleCheckboxes({ idPrefix, defaultRoles = [] }: { idPrefix: string; defaultRoles?: Role[] }) {
  return (
    <div className="grid gap-2">
      {ROLES.map((role) => (
        <label key={role} htmlFor={`${idPrefix}-${role}`} className="flex items-start gap-2 text-sm">
          <input
            id={`${idPrefix}-${role}`}
            type="checkbox"
            name="roles"
            value={role}
            defaultChecked={defaultRoles.includes(role)}
            className="mt-0.5 size-4 accent-primary"
          />
          <span>
            <span className="font-medium">{ROLE_LABELS[role]}</span>
            <span className="block text-muted-foreground text-xs">{ROLE_DESCRIPTIONS[role]}</span>
          </span>
        </label>
      ))}
    </div>
  );
}
