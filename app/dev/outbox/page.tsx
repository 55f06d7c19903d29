import { notFound } from "next/navigation";
import { outboxMessages, outboxShown } from "@/lib/mail/outbox";

export const metadata = { title: "Development outbox" };

// Mail the service would have sent, for a quick start with no SMTP server (lib/mail/outbox.ts says
// when this page exists). A developer tool, in English like the demo application.

const URL_IN_TEXT = /(https?:\/\/[^\s]+)/;

export default async function OutboxPage() {
  if (!outboxShown()) notFound();
  const messages = await outboxMessages();
  return (
    <main className="mx-auto max-w-2xl px-6 py-12">
      <h1 className="text-xl font-semibold">Development outbox</h1>
      <p className="mt-2 text-sm text-zinc-600">
        No <code>SMTP_URL</code> is set, so mail stays here. Newest first; kept for a day.
      </p>
      {messages.length === 0 ? <p className="mt-8 text-sm">No mail yet.</p> : null}
      <ol className="mt-8 space-y-6">
        {messages.map((m) => (
          <li key={m.id} className="rounded-xl bg-white p-5 shadow-sm ring-1 ring-zinc-200" data-testid="mail">
            <p className="text-sm text-zinc-600">
              To <span data-testid="mail-to">{m.to}</span> · {m.createdAt.toISOString()}
            </p>
            <h2 className="mt-1 font-semibold">{m.subject}</h2>
            <div className="mt-3 whitespace-pre-wrap break-words text-sm">
              {m.text.split(URL_IN_TEXT).map((part, i) =>
                URL_IN_TEXT.test(part) ? (
                  <a key={i} className="underline" href={part}>
                    {part}
                  </a>
                ) : (
                  part
                ),
              )}
            </div>
          </li>
        ))}
      </ol>
    </main>
  );
}
