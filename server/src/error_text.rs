//! An error and its causes on one line: reqwest's and openidconnect's own messages hide why
//! (a refused connection, a TLS failure), which is what the operator needs to read.

/// `error`, then each of its sources, separated by `: `.
pub fn chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    #[derive(Debug, thiserror::Error)]
    #[error("cannot reach the provider")]
    struct Outer(#[source] std::io::Error);

    #[test]
    fn causes_follow_the_error() {
        let refused =
            std::io::Error::new(std::io::ErrorKind::ConnectionRefused, "connection refused");
        assert_eq!(
            super::chain(&Outer(refused)),
            "cannot reach the provider: connection refused"
        );
    }
}
