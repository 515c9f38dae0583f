"""The join page's network key (W) goes through every network this machine is on, not only the
first: a facilitator's laptop is often on the room's Wi-Fi and a cable or a VPN at once."""
from game.ui.devices import LOCAL, next_host


def test_the_network_key_cycles_this_machine_then_every_network_then_back():
    rooms = ["192.168.0.7", "10.8.0.2"]
    seen, host = [], LOCAL
    for _ in range(4):
        host = next_host(host, rooms)
        seen.append(host)
    assert seen == ["192.168.0.7", "10.8.0.2", LOCAL, "192.168.0.7"]


def test_without_a_network_or_after_one_went_away_it_stays_on_this_machine():
    assert next_host(LOCAL, []) == LOCAL
    assert next_host("192.168.0.7", ["10.8.0.2"]) == LOCAL      # the address it was on is gone
    assert next_host(LOCAL, [LOCAL, "10.8.0.2"]) == "10.8.0.2"  # this machine is not listed twice
