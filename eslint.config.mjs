import nextCoreWebVitals from "eslint-config-next/core-web-vitals";
import nextTypeScript from "eslint-config-next/typescript";

const config = [
  ...nextCoreWebVitals,
  ...nextTypeScript,
  {
    // On the framework's road: Next.js's internals change in any release (docs/adr/0006-on-nextjs-own-server.md).
    files: ["**/*.{ts,tsx,mjs}"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["next/dist/*", "next/dist/**"], message: "Next.js internals: use the documented next/* entry points." }] },
      ],
      "no-restricted-syntax": [
        "error",
        {
          selector: "MemberExpression[object.property.name='env'][property.name=/^__NEXT/]",
          message: "A private Next.js variable: stay on the documented road.",
        },
      ],
    },
  },
  {
    // Playwright fixtures call `use()`, which is not React's hook.
    files: ["tests/**"],
    rules: { "react-hooks/rules-of-hooks": "off" },
  },
  {
    ignores: [".next/**", ".data/**", "lib/generated/**", "node_modules/**", "playwright-report/**", "test-results/**", "next-env.d.ts"],
  },
];

export default config;
