"use client";
import { startRegistration } from "@simplewebauthn/browser";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useEffect, useState, useTransition } from "react";
import { Button } from "@/components/button";
import { passkeyCeremony } from "@/components/ceremony";
import { ErrorMessage } from "@/components/error-message";
import { signalAccountState, signalUnknownCredential } from "@/components/signal";
import { KeyIcon } from "@/components/icons";
import { addPasskey, deletePasskey, getPasskeyOptions, renamePasskey } from "../actions";

type Passkey = { id: string; name: string; provider?: string; created: string; lastUsed: string; synced: boolean };
type Props = { passkeys: Passkey[]; hasPassword: boolean; atLimit: boolean; signal: { rpId: string; userId: string; name: string } };
type Outcome = { ok: true } | { ok: false; error: string } | undefined;

export function PasskeyList({ passkeys, hasPassword, atLimit, signal }: Props) {
  const t = useTranslations();
  const router = useRouter();
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const [pending, startTransition] = useTransition();
  const [renaming, setRenaming] = useState<string>();
  const [confirming, setConfirming] = useState<string>();
  const ids = passkeys.map((p) => p.id).join(",");

  // Keep the browser's passkey list in step with ours (deleted ones disappear from its prompts).
  useEffect(() => {
    void signalAccountState(signal, ids ? ids.split(",") : []);
  }, [ids, signal]);

  const act = (step: () => Promise<Outcome>, done: string, after?: () => Promise<void>) =>
    startTransition(async () => {
      setError(undefined);
      setNotice(undefined);
      const outcome = await step().catch(() => ({ ok: false as const, error: "server_error" }));
      if (!outcome) return;
      if (!outcome.ok) {
        setError(outcome.error);
        return;
      }
      await after?.();
      setRenaming(undefined);
      setConfirming(undefined);
      setNotice(t(`accountPasskeys.${done}`));
      router.refresh();
    });

  const add = () =>
    act(
      () =>
        passkeyCeremony(
          () => getPasskeyOptions(),
          (optionsJSON) => startRegistration({ optionsJSON }),
          (response) => addPasskey(response),
        ),
      "added",
    );

  const onlyWayIn = passkeys.length === 1 && !hasPassword;
  return (
    <div className="mt-4 space-y-4">
      <ErrorMessage message={error ? t(`errors.${error}`) : undefined} />
      <div role="status" aria-live="polite" className="text-sm text-green-800">
        {notice ? <p className="rounded-lg bg-green-50 px-3 py-2 ring-1 ring-green-200">{notice}</p> : null}
      </div>
      <ul className="divide-y divide-zinc-100" aria-label={t("accountPasskeys.title")}>
        {passkeys.map((p) => (
          <li key={p.id} className="py-3" data-testid="passkey">
            <div className="flex flex-wrap items-start justify-between gap-2">
              <div>
                <p className="font-medium text-zinc-900" data-testid="passkey-name">
                  {p.name}
                </p>
                <p className="text-xs text-zinc-600">
                  {p.provider ? `${p.provider} · ` : ""}
                  {t("accountPasskeys.created", { date: p.created })} · {t("accountPasskeys.lastUsed", { date: p.lastUsed })} ·{" "}
                  {p.synced ? t("accountPasskeys.synced") : t("accountPasskeys.thisDevice")}
                </p>
              </div>
              <div className="flex gap-2">
                <Button type="button" variant="inline" onClick={() => setRenaming(p.id)} disabled={pending}>
                  {t("accountPasskeys.rename")}
                  <span className="sr-only"> {p.name}</span>
                </Button>
                <Button
                  type="button"
                  variant="danger"
                  onClick={() => setConfirming(p.id)}
                  disabled={pending || onlyWayIn}
                  title={onlyWayIn ? t("errors.last_sign_in_method") : undefined}
                >
                  {t("accountPasskeys.delete")}
                  <span className="sr-only"> {p.name}</span>
                </Button>
              </div>
            </div>
            {renaming === p.id ? (
              <form
                // Our translated errors, never the browser's own validation bubble (in its own language).
                noValidate
                className="mt-2 flex gap-2"
                onSubmit={(event) => {
                  event.preventDefault();
                  const name = new FormData(event.currentTarget).get("name");
                  act(
                    () => renamePasskey(p.id, name),
                    "renamed",
                    () => signalAccountState(signal, ids.split(",")),
                  );
                }}
              >
                <label className="sr-only" htmlFor={`name-${p.id}`}>
                  {t("accountPasskeys.newName")}
                </label>
                <input
                  id={`name-${p.id}`}
                  name="name"
                  defaultValue={p.name}
                  maxLength={64}
                  required
                  autoFocus
                  className="flex-1 rounded-lg border border-zinc-300 px-3 py-1.5 text-sm"
                />
                <button type="submit" className="rounded-lg bg-primary px-3 py-1.5 text-sm font-medium text-white" disabled={pending}>
                  {t("accountPasskeys.save")}
                </button>
                <button type="button" className="rounded-lg px-3 py-1.5 text-sm ring-1 ring-zinc-300" onClick={() => setRenaming(undefined)}>
                  {t("accountPasskeys.cancel")}
                </button>
              </form>
            ) : null}
            {confirming === p.id ? (
              <div className="mt-2 flex flex-wrap items-center gap-2 rounded-lg bg-red-50 p-2 text-sm ring-1 ring-red-200">
                <span className="flex-1 text-red-900">{t("accountPasskeys.confirmDelete", { name: p.name })}</span>
                <button
                  type="button"
                  className="rounded-lg bg-red-600 px-3 py-1.5 font-medium text-white"
                  disabled={pending}
                  onClick={() =>
                    act(
                      () => deletePasskey(p.id),
                      "deleted",
                      () => signalUnknownCredential(signal.rpId, p.id),
                    )
                  }
                >
                  {t("accountPasskeys.confirm")}
                </button>
                <button type="button" className="rounded-lg px-3 py-1.5 ring-1 ring-zinc-300" onClick={() => setConfirming(undefined)}>
                  {t("accountPasskeys.cancel")}
                </button>
              </div>
            ) : null}
          </li>
        ))}
      </ul>
      {passkeys.length === 0 ? <p className="text-sm text-zinc-600">{t("accountPasskeys.none")}</p> : null}
      {atLimit ? <p className="text-sm text-zinc-600">{t("errors.passkey_limit")}</p> : null}
      {/* id: the target of /.well-known/passkey-endpoints' "enroll" URL */}
      <Button id="add-passkey" type="button" onClick={add} disabled={pending || atLimit}>
        <KeyIcon />
        {t("accountPasskeys.add")}
      </Button>
    </div>
  );
}
