"""The interface texts of the page in English, Chinese and Persian; which one a browser wants."""

import re
from datetime import UTC, datetime
from typing import Any

EXAMPLES = [
    "How many people from formerly poor households were employed at the end of 2024?",
    "What are the five key aspects?",
    "How many projects has the Global Development Initiative implemented?",
    "报告是由哪个机构发布的？",
    "2024年脱贫县农村居民人均可支配收入是多少？",
    "截至2024年底，中国向多少个国家提供了发展援助？",
    "استاندار مازندران درباره مناطق آزاد تجاری چه گفت؟",
    "میزهای تخصصی صادراتی با همکاری کدام نهادها برنامه‌ریزی می‌شوند؟",
    "مازندران اکنون چند منطقه آزاد دارد؟",
]
# The language switch, in the order shown: each language named in itself.
LANGUAGES = [("English", "en"), ("中文", "zh"), ("فارسی", "fa")]
RTL = {"fa"}  # interface languages written right to left

# Gradio's own texts (the footer, its settings) follow the browser's language, and gradio has no
# setter for them. Its settings panel changes them with `changeLocale`, an export of the loaded
# `core-*.js` module: importing that same URL again gives the same module, so the switch can call
# it too. If a gradio release renames either, the footer keeps the browser's language.
GRADIO_LOCALE_JS = """
(language) => {
  const locale = {en: "en", zh: "zh-CN", fa: "fa"}[language] || "en";
  const core = performance.getEntriesByType("resource").map((entry) => entry.name)
    .find((name) => /\\/assets\\/core-[\\w-]+\\.js$/.test(name));
  if (core) {
    import(core).then((module) => module.changeLocale && module.changeLocale(locale))
      .catch(() => {});
  }
  return [];
}
"""

TEXT: dict[str, dict[str, str]] = {
    "en": {
        "title": "## ReportChat\nAsk the report: every answer quotes it and says where.",
        "language": "Language",
        "chat_tab": "Chat",
        "documents_tab": "Documents",
        "chatbot": "Conversation",
        "placeholder": "Answers quote the report; click a [n] marker to see its source.",
        "question": "Your question",
        "question_hint": "Ask about the report, in English, Chinese or Persian",
        "ask": "Ask",
        "examples": "Example questions",
        "sources": "Sources",
        "copy": "Copy answer",
        "also": "Also, word for word, in",
        "score": "Similarity of this passage to the question (retrieval score, 0 to 1)",
        "flagged": "Flagged: reads like an instruction to an AI model",
        "flagged_hint": "Flagged when it was indexed; generated answers treat it as quoted "
        "text only. Why: {reason}",
        "export": "Export chat",
        "export_title": "ReportChat conversation",
        "closest": "Closest passages (the report does not answer this)",
        "showing": "Showing {shown} of {total}; change the number under Settings.",
        "no_sources": "The passages behind each answer appear here. "
        "Click a [n] marker in an answer to bring its source into view.",
        "searched": "Searched for",
        "settings": "Settings",
        "top_k": "Sources to show",
        "threshold": "Refusal threshold",
        "threshold_info": "A question in this page's language whose best sentence scores below "
        "this is refused and the closest passages are shown; each language has its own. Set "
        "REPORTCHAT_REFUSAL_THRESHOLD to use one for all.",
        "writer": "Answer writer",
        "writer_info": "extractive: answers with the report's own sentences; llm: the "
        "model writes the answer and each claim is checked against the passage it cites",
        "generated": "Written by the model; each claim was checked against the passage it "
        "cites, and any it does not support is marked.",
        "fell_back": "The model's answer was not used ({reason}); the report's own sentences "
        "instead:",
        "writing": "writing…",
        "files": "Add documents (.txt, .md, .pdf, .html, .docx; up to 10 MB each)",
        "upload": "Add to index",
        "table": "Indexed documents",
        "col_document": "Document",
        "col_passages": "Passages",
        "col_sentences": "Sentences",
        "col_when": "Indexed at",
        "remove_choice": "Document to remove",
        "remove": "Remove",
        "status": "Index: {documents} · {passages} · {sentences}",
        "no_files": "Choose a file first (.txt, .md, .pdf, .html or .docx).",
        "ingested": "{name}: {status} ({passages}, {sentences})",
        "added": "added",
        "updated": "updated",
        "skipped": "skipped",
        "removed": "Removed {name} ({passages}, {sentences}).",
        "not_indexed": "{name} is not in the index; pick a document from the list.",
        "no_choice": "Pick a document to remove.",
        "read_only": "Adding and removing documents is off: the server listens on {host}, "
        "which other machines can reach, and no admin login is set. Set "
        "REPORTCHAT_ADMIN=user:password, or serve on 127.0.0.1.",
        "login_needed": "Sign in as the admin to add or remove documents.",
        "admin_user": "Admin user",
        "admin_password": "Password",
        "sign_in": "Sign in",
        "signed_in": "Signed in: you may add and remove documents.",
        "bad_login": "That is not the admin login; nothing changed. Check the user and password.",
        "confirm_replace": "{names} is already indexed: adding it replaces the indexed one. "
        "Click “Replace” to go on, or choose other files.",
        "replace": "Replace",
        "confirm_remove": "Remove {name} from the index? Questions will no longer be answered "
        "from it. Click “Yes, remove” to go on.",
        "remove_yes": "Yes, remove",
    },
    "zh": {
        "title": "## ReportChat 报告问答\n向报告提问：每个回答都引用报告原文，并标明出处。",
        "language": "语言",
        "chat_tab": "问答",
        "documents_tab": "文档",
        "chatbot": "对话",
        "placeholder": "回答引用报告原文；点击 [n] 标记查看出处。",
        "question": "你的问题",
        "question_hint": "用中文、英文或波斯语向报告提问",
        "ask": "提问",
        "examples": "示例问题",
        "sources": "出处",
        "copy": "复制回答",
        "also": "逐字相同的段落亦见于",
        "score": "该段落与问题的相似度（检索得分，0 到 1）",
        "flagged": "已标记：内容像是写给 AI 模型的指令",
        "flagged_hint": "建立索引时已标记；生成的回答只把它当作引用的文本。原因：{reason}",
        "export": "导出对话",
        "export_title": "ReportChat 对话记录",
        "closest": "最接近的段落（报告中没有答案）",
        "showing": "显示 {shown} / {total} 条；可在“设置”中更改数量。",
        "no_sources": "每个回答所依据的段落会显示在这里。点击回答中的 [n] 标记即可跳转到对应出处。",
        "searched": "检索内容",
        "settings": "设置",
        "top_k": "显示的出处数量",
        "threshold": "拒答阈值",
        "threshold_info": "用本页语言提问时，最佳句子的得分低于此值则不作回答，只列出最接近的段落；"
        "每种语言各有其阈值。设置 REPORTCHAT_REFUSAL_THRESHOLD 可让所有语言共用一个。",
        "writer": "回答生成方式",
        "writer_info": "extractive：直接引用报告原句作答；"
        "llm：由模型撰写，每条陈述都与其引用的段落核对",
        "generated": "本回答由模型撰写；每条陈述都已与其引用的段落核对，未获支持的已标出。",
        "fell_back": "未采用模型的回答（{reason}）；以下为报告原句：",
        "writing": "正在撰写…",
        "files": "添加文档（.txt、.md、.pdf、.html、.docx；每个不超过 10 MB）",
        "upload": "加入索引",
        "table": "已索引的文档",
        "col_document": "文档",
        "col_passages": "段落数",
        "col_sentences": "句子数",
        "col_when": "索引时间",
        "remove_choice": "要删除的文档",
        "remove": "删除",
        "status": "索引：{documents} · {passages} · {sentences}",
        "no_files": "请先选择文件（.txt、.md、.pdf、.html 或 .docx）。",
        "ingested": "{name}：{status}（{passages}，{sentences}）",
        "added": "已添加",
        "updated": "已更新",
        "skipped": "已跳过",
        "removed": "已删除 {name}（{passages}，{sentences}）。",
        "not_indexed": "{name} 不在索引中；请从列表中选择文档。",
        "no_choice": "请选择要删除的文档。",
        "read_only": "已关闭添加和删除文档：服务器监听在 {host}，其他机器可以访问，且未设置"
        "管理员登录。请设置 REPORTCHAT_ADMIN=用户名:密码，或在 127.0.0.1 上运行。",
        "login_needed": "以管理员身份登录后才能添加或删除文档。",
        "admin_user": "管理员用户名",
        "admin_password": "密码",
        "sign_in": "登录",
        "signed_in": "已登录：可以添加和删除文档。",
        "bad_login": "管理员用户名或密码不对，文档未作更改。请检查后重试。",
        "confirm_replace": "{names} 已在索引中：添加会替换已索引的版本。"
        "点击“替换”继续，或选择其他文件。",
        "replace": "替换",
        "confirm_remove": "要从索引中删除 {name} 吗？删除后将不再依据它回答问题。"
        "点击“确认删除”继续。",
        "remove_yes": "确认删除",
    },
    "fa": {
        "title": "## ReportChat · پرسش از گزارش\n"
        "از گزارش بپرسید: هر پاسخ عین متن گزارش را نقل می‌کند و می‌گوید کجای آن آمده است.",
        "language": "زبان",
        "chat_tab": "گفتگو",
        "documents_tab": "اسناد",
        "chatbot": "گفتگو",
        "placeholder": "پاسخ‌ها از متن گزارش نقل می‌شوند؛ برای دیدن منبع روی نشانه‌ی [n] کلیک کنید.",
        "question": "پرسش شما",
        "question_hint": "به فارسی، انگلیسی یا چینی از گزارش بپرسید",
        "ask": "بپرس",
        "examples": "نمونه‌ی پرسش‌ها",
        "sources": "منابع",
        "copy": "رونوشت پاسخ",
        "also": "همین بند، واژه به واژه، در",
        "score": "شباهت این بند به پرسش (امتیاز بازیابی، از ۰ تا ۱)",
        "flagged": "علامت‌خورده: شبیه دستوری برای مدل هوش مصنوعی است",
        "flagged_hint": "هنگام نمایه‌سازی علامت خورد؛ پاسخ‌های تولیدشده آن را فقط متنِ نقل‌شده "
        "می‌دانند. دلیل: {reason}",
        "export": "خروجی گفتگو",
        "export_title": "گفتگو در ReportChat",
        "closest": "نزدیک‌ترین بندها (گزارش به این پرسش پاسخ نمی‌دهد)",
        "showing": "نمایش {shown} از {total}؛ تعداد را در «تنظیمات» تغییر دهید.",
        "no_sources": "بندهایی که هر پاسخ بر آن‌ها استوار است اینجا نمایش داده می‌شوند. "
        "روی نشانه‌ی [n] در پاسخ کلیک کنید تا منبعش نمایان شود.",
        "searched": "جستجو برای",
        "settings": "تنظیمات",
        "top_k": "تعداد منابع نمایش‌داده‌شده",
        "threshold": "آستانه‌ی خودداری از پاسخ",
        "threshold_info": "اگر پرسشی به زبان این صفحه امتیاز بهترین جمله‌اش کمتر از این باشد، "
        "پاسخی داده نمی‌شود و نزدیک‌ترین بندها نمایش داده می‌شوند؛ هر زبان آستانه‌ی خود را دارد. "
        "با REPORTCHAT_REFUSAL_THRESHOLD یک آستانه برای همه تعیین کنید.",
        "writer": "روش نوشتن پاسخ",
        "writer_info": "extractive: پاسخ با جمله‌های خود گزارش؛ llm: مدل پاسخ را می‌نویسد و "
        "هر ادعا با بندی که به آن استناد می‌کند سنجیده می‌شود",
        "generated": "این پاسخ را مدل نوشته است؛ هر ادعا با بندی که به آن استناد می‌کند سنجیده "
        "شده و ادعاهای بی‌پشتوانه علامت خورده‌اند.",
        "fell_back": "پاسخ مدل به کار نرفت ({reason})؛ به جای آن جمله‌های خود گزارش:",
        "writing": "در حال نوشتن…",
        "files": "افزودن سند (.txt، .md، .pdf، .html، .docx؛ هر کدام تا ۱۰ مگابایت)",
        "upload": "افزودن به نمایه",
        "table": "اسناد نمایه‌شده",
        "col_document": "سند",
        "col_passages": "بندها",
        "col_sentences": "جمله‌ها",
        "col_when": "زمان نمایه‌سازی",
        "remove_choice": "سندی که حذف می‌شود",
        "remove": "حذف",
        "status": "نمایه: {documents} · {passages} · {sentences}",
        "no_files": "ابتدا یک فایل انتخاب کنید (.txt، .md، .pdf، .html یا .docx).",
        "ingested": "{name}: {status} ({passages}، {sentences})",
        "added": "افزوده شد",
        "updated": "به‌روز شد",
        "skipped": "کنار گذاشته شد",
        "removed": "{name} حذف شد ({passages}، {sentences}).",
        "not_indexed": "{name} در نمایه نیست؛ سندی را از فهرست انتخاب کنید.",
        "no_choice": "سندی را برای حذف انتخاب کنید.",
        "read_only": "افزودن و حذف سند خاموش است: سرور روی {host} گوش می‌دهد که از "
        "رایانه‌های دیگر در دسترس است، و ورود مدیر تعیین نشده است. "
        "REPORTCHAT_ADMIN=user:password را تنظیم کنید یا سرور را روی 127.0.0.1 اجرا کنید.",
        "login_needed": "برای افزودن یا حذف سند، به عنوان مدیر وارد شوید.",
        "admin_user": "نام کاربری مدیر",
        "admin_password": "گذرواژه",
        "sign_in": "ورود",
        "signed_in": "وارد شدید: می‌توانید سند بیفزایید و حذف کنید.",
        "bad_login": "این نام کاربری و گذرواژه‌ی مدیر نیست؛ چیزی تغییر نکرد. دوباره بررسی کنید.",
        "confirm_replace": "{names} پیش‌تر نمایه شده است: افزودن آن نسخه‌ی نمایه‌شده را جایگزین "
        "می‌کند. برای ادامه «جایگزین کن» را بزنید یا فایل دیگری برگزینید.",
        "replace": "جایگزین کن",
        "confirm_remove": "{name} از نمایه حذف شود؟ از این پس هیچ پاسخی از آن نمی‌آید. "
        "برای ادامه «بله، حذف کن» را بزنید.",
        "remove_yes": "بله، حذف کن",
    },
}

# What each label shows, by property: (component, {property: TEXT key}).
Labelled = list[tuple[Any, dict[str, str]]]

_UNITS = {  # (one, many)
    "en": {
        "documents": ("document", "documents"),
        "passages": ("passage", "passages"),
        "sentences": ("sentence", "sentences"),
    },
    "zh": {
        "documents": ("个文档", "个文档"),
        "passages": ("个段落", "个段落"),
        "sentences": ("个句子", "个句子"),
    },
    "fa": {  # a Persian noun stays singular after a number
        "documents": ("سند", "سند"),
        "passages": ("بند", "بند"),
        "sentences": ("جمله", "جمله"),
    },
}

_LANGUAGE_TAG = re.compile(
    r"^\s*([A-Za-z]{1,8})(?:-[A-Za-z0-9]{1,8})*\s*(?:;\s*q\s*=\s*([^,;\s]*))?"
)


def counted(n: int, unit: str, lang: str) -> str:
    """`1 passage`, `2 passages`, `2 个段落`."""
    one, many = _UNITS[lang][unit]
    return f"{n} {one if n == 1 else many}"


def preferred_language(accept_language: str) -> str:
    """The interface language the browser prefers most among ours (`en`, `zh`, `fa`), else `en`.

    `accept_language` is an Accept-Language header value."""
    best, best_q = "en", -1.0
    for item in accept_language.split(","):
        match = _LANGUAGE_TAG.match(item)
        if not match:
            continue
        code = match.group(1).lower()
        try:
            q = float(match.group(2)) if match.group(2) else 1.0
        except ValueError:
            continue
        if code in TEXT and q > best_q:
            best, best_q = code, q
    return best


# One-line messages for what went wrong, by kind; English shows our errors' own messages, which
# name the value involved, so only the unexpected failure needs an English text here.
ERRORS: dict[str, dict[str, str]] = {
    "en": {
        "unexpected": "Something unexpected went wrong ({kind}); the server log has the "
        "details. Your question is still in the box: try again.",
        "upload_unexpected": "Something unexpected went wrong adding the files ({kind}); the "
        "server log has the details. Nothing was added; try again.",
    },
    "zh": {
        "empty": "问题是空的。请输入一个问题，例如“报告是由哪个机构发布的？”",
        "too_long": "问题有 {length} 个字符，超过了 {limit} 个字符的上限。请把问题缩短。",
        "control": "问题里含有控制字符。请以纯文本重新输入后再提问。",
        "no_words": "问题里没有可以理解的文字。请用中文、英文或波斯语提一个真正的问题。",
        "language": "这个问题看起来是 {name}；ReportChat 只回答中文、英文或波斯语的问题。"
        "请换用其中一种语言提问。",
        "code": "这个问题看起来像代码或命令行参数，而不是问题。请提一个真正的问题，"
        "例如“报告是由哪个机构发布的？”",
        "no_content": "问题里只有“的”“是”之类的常用词，没有可检索的词。请把问题问得更具体。",
        "small_talk": "这是问候或回应，不是问题。请问一个关于报告的问题，"
        "例如“报告是由哪个机构发布的？”",
        "no_index": "索引里还没有文档。请在“文档”页添加文件后再提问。",
        "document": "无法添加该文件：{detail}",
        "index": "索引暂时无法使用：{detail}",
        "model": "模型无法加载或调用：{detail}",
        "other": "出了问题：{detail}",
        "unexpected": "出现意外错误（{kind}），详情已记录在服务器日志中。"
        "问题仍在输入框中，请重试。",
        "upload_unexpected": "添加文件时出现意外错误（{kind}），详情已记录在服务器日志中。"
        "没有添加任何文件，请重试。",
    },
    "fa": {
        "empty": "پرسش خالی است. چیزی بپرسید، مثلاً «مازندران در حال حاضر چند منطقه آزاد دارد؟»",
        "too_long": "پرسش {length} نویسه دارد و سقف آن {limit} نویسه است. پرسش کوتاه‌تری بپرسید.",
        "control": "پرسش نویسه‌های کنترلی دارد. آن را به صورت متن ساده دوباره بنویسید و بپرسید.",
        "no_words": "در پرسش هیچ واژه‌ای نیست. پرسشی واقعی به فارسی، انگلیسی یا چینی بپرسید.",
        "language": "به نظر می‌رسد پرسش به زبان {name} است؛ ReportChat فقط به پرسش‌های فارسی، "
        "انگلیسی و چینی پاسخ می‌دهد. به یکی از این زبان‌ها دوباره بپرسید.",
        "code": "پرسش به کد یا گزینه‌ی خط فرمان می‌ماند، نه یک پرسش. پرسشی واقعی بپرسید، "
        "مثلاً «مازندران در حال حاضر چند منطقه آزاد دارد؟»",
        "no_content": "پرسش فقط واژه‌های بسیار رایج دارد و چیزی برای جستجو ندارد. "
        "پرسش را دقیق‌تر بپرسید.",
        "small_talk": "این یک سلام یا پاسخ است، نه پرسش. چیزی درباره‌ی گزارش بپرسید، "
        "مثلاً «مازندران در حال حاضر چند منطقه آزاد دارد؟»",
        "no_index": "هنوز هیچ سندی نمایه نشده است. در زبانه‌ی «اسناد» فایلی بیفزایید و "
        "دوباره بپرسید.",
        "document": "این فایل افزوده نشد: {detail}",
        "index": "نمایه اکنون در دسترس نیست: {detail}",
        "model": "مدل بارگذاری یا اجرا نشد: {detail}",
        "other": "مشکلی پیش آمد: {detail}",
        "unexpected": "خطای پیش‌بینی‌نشده‌ای رخ داد ({kind})؛ جزئیات در گزارش سرور ثبت شد. "
        "پرسش هنوز در کادر است؛ دوباره امتحان کنید.",
        "upload_unexpected": "هنگام افزودن فایل‌ها خطای پیش‌بینی‌نشده‌ای رخ داد ({kind})؛ "
        "جزئیات در گزارش سرور ثبت شد. چیزی افزوده نشد؛ دوباره امتحان کنید.",
    },
}

# Why an upload was skipped (`IngestResult.reason`), in the other languages.
REASONS: dict[str, dict[str, str]] = {
    "zh": {
        "unchanged": "内容未变",
        "same content indexed": "相同内容已在索引中",
        "same content indexed, old version removed": "相同内容已在索引中，旧版本已删除",
    },
    "fa": {
        "unchanged": "بدون تغییر",
        "same content indexed": "همین محتوا پیش‌تر نمایه شده است",
        "same content indexed, old version removed": "همین محتوا پیش‌تر نمایه شده است؛ "
        "نسخه‌ی قدیمی حذف شد",
    },
}
_PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def when_text(iso: str, lang: str) -> str:
    """An ISO time of the index (`2026-12-01T14:26:37+00:00`) as a reader of `lang` writes
    it, to the minute, in UTC: `2026-12-01 14:26 UTC`, `2026年12月1日 14:26 UTC`, Persian
    digits in Persian. A value that is not an ISO time is shown as it is."""
    try:
        when = datetime.fromisoformat(iso).astimezone(UTC)
    except ValueError:
        return iso
    if lang == "zh":
        return f"{when.year}年{when.month}月{when.day}日 {when:%H:%M} UTC"
    text = f"{when:%Y-%m-%d %H:%M} UTC"
    return text.translate(_PERSIAN_DIGITS) if lang == "fa" else text
