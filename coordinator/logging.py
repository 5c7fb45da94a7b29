"""Keep special-category data (ethnicity, faith) out of the logs."""

import logging
import re

_SENSITIVE = re.compile(r"(?i)\b(ethnicity|faith|religion)\b(['\"]?\s*[:=]\s*)(['\"]?)[^,'\"}&\s]+")


class RedactSpecialCategoryFilter(logging.Filter):
    """Replace the values of ethnicity/faith/religion key-value pairs in a log record by
    ``[redacted]``. A defence in depth: Linchpin never logs these fields on purpose."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = _SENSITIVE.sub(r"\1\2\3[redacted]", message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True
