import Link from "next/link";
import { Card } from "@/components/card";

export default function Home() {
  return (
    <Card title="Passkey Universal Login" subtitle="A hosted login for your applications, passkeys first.">
      <p className="text-sm text-zinc-700">
        Applications send their users here with OpenID Connect. Try it with the{" "}
        <Link className="font-medium underline" href="/demo">
          demo application
        </Link>
        , or read the discovery document at{" "}
        <a className="font-medium underline" href="/.well-known/openid-configuration">
          /.well-known/openid-configuration
        </a>
        .
      </p>
    </Card>
  );
}
