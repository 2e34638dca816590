//! The test services from `scripts/services` answer where their variables say.

use std::net::{TcpStream, ToSocketAddrs};
use std::time::Duration;

use crate::harness::service;

/// `host:port` of a `postgresql://user@host:port/db` URL or of a `host:port` list.
fn host_port(address: &str) -> String {
    let rest = address.split_once("://").map_or(address, |(_, rest)| rest);
    let rest = rest.rsplit_once('@').map_or(rest, |(_, rest)| rest);
    let first = rest.split([',', '/', '?']).next().unwrap_or(rest);
    first.to_owned()
}

fn answers(variable: &str) {
    let Some(address) = service(variable) else {
        return;
    };
    let target = host_port(&address);
    let socket = target
        .to_socket_addrs()
        .unwrap_or_else(|e| panic!("{variable}={address}: {e}"))
        .next()
        .expect("an address");
    TcpStream::connect_timeout(&socket, Duration::from_secs(5))
        .unwrap_or_else(|e| panic!("{variable}={address}: nothing answers at {target}: {e}"));
}

#[test]
fn postgres_answers() {
    answers("ETLKIT_TEST_PG");
}

#[test]
fn kafka_answers() {
    answers("ETLKIT_TEST_KAFKA");
}

#[test]
fn kafkas_secured_listener_answers() {
    answers("ETLKIT_TEST_KAFKA_SASL");
}

#[test]
fn addresses_are_read_from_urls_and_lists() {
    assert_eq!(
        host_port("postgresql://postgres@127.0.0.1:55432/etlkit_test"),
        "127.0.0.1:55432"
    );
    assert_eq!(
        host_port("127.0.0.1:19092,127.0.0.1:19093"),
        "127.0.0.1:19092"
    );
}
