import { json, readJson } from "@/lib/api/http";
import { endpoint } from "@/lib/management/auth";
import { getTenantSettings, tenantSettingsPatchSchema, updateTenantSettings } from "@/lib/management/tenant-settings";

export async function GET(request: Request) {
  return endpoint(request, "read:tenant_settings", async () => json(await getTenantSettings()));
}

export async function PATCH(request: Request) {
  return endpoint(request, "update:tenant_settings", async () => json(await updateTenantSettings(await readJson(request, tenantSettingsPatchSchema))));
}
