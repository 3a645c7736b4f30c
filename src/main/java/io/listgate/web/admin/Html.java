package io.listgate.web.admin;

/** HTML text escaping and the page frame shared by every admin page. */
final class Html {

    private Html() {
    }

    /** Escapes text for element content and for quoted attribute values; null becomes empty. */
    static String esc(Object value) {
        if (value == null) {
            return "";
        }
        String text = value.toString();
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * A whole page. {@code title} is text (escaped here); {@code header} and {@code body} are HTML
     * built by the caller with every value escaped.
     */
    static String page(String title, String header, String body) {
        return """
                <!DOCTYPE html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>%s · ListGate</title>
                <link rel="stylesheet" href="/admin/admin.css">
                <script src="/admin/admin.js" defer></script>
                </head>
                <body>
                <a class="skip" href="#main">Skip to content</a>
                <header class="top"><span class="brand">ListGate</span>%s</header>
                <main id="main">
                %s
                </main>
                </body>
                </html>
                """.formatted(esc(title), header, body);
    }
}
