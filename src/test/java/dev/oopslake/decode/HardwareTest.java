package dev.oopslake.decode;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HardwareTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      textBlock =
          """
          Smdbmds KVM, BIOS seabios-1.9.1-qemu-project.org 04/01/2014 | Smdbmds | KVM | - | seabios-1.9.1-qemu-project.org | 04/01/2014 | KVM/QEMU
          QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.13.0-1ubuntu1.1 04/01/2014 | QEMU | Standard PC (i440FX + PIIX, 1996) | - | 1.13.0-1ubuntu1.1 | 04/01/2014 | KVM/QEMU
          Red Hat KVM, BIOS 0.5.1 01/01/2011 | Red Hat | KVM | - | 0.5.1 | 01/01/2011 | KVM/QEMU
          VMware, Inc. VMware Virtual Platform/440BX Desktop Reference Platform, BIOS 6.00 12/12/2018 | VMware, Inc. | VMware Virtual Platform | 440BX Desktop Reference Platform | 6.00 | 12/12/2018 | VMware
          Microsoft Corporation Virtual Machine/Virtual Machine, BIOS 090008  12/07/2018 | Microsoft Corporation | Virtual Machine | Virtual Machine | 090008 | 12/07/2018 | Hyper-V
          Xen HVM domU, BIOS 4.2.amazon 08/24/2006 | Xen | HVM domU | - | 4.2.amazon | 08/24/2006 | Amazon EC2
          Amazon EC2 m5.large/, BIOS 1.0 10/16/2017 | Amazon EC2 | m5.large | '' | 1.0 | 10/16/2017 | Amazon EC2
          Google Google Compute Engine/Google Compute Engine, BIOS Google 01/01/2011 | Google | Google Compute Engine | Google Compute Engine | Google | 01/01/2011 | Google Compute Engine
          Dell Inc. PowerEdge R740/0JM3W2, BIOS 2.10.2 02/24/2021 | Dell Inc. | PowerEdge R740 | 0JM3W2 | 2.10.2 | 02/24/2021 | -
          HPE ProLiant DL380 Gen10/ProLiant DL380 Gen10, BIOS U30 05/21/2019 | HPE | ProLiant DL380 Gen10 | ProLiant DL380 Gen10 | U30 | 05/21/2019 | -
          innotek GmbH VirtualBox/VirtualBox, BIOS VirtualBox 12/01/2006 | innotek GmbH | VirtualBox | VirtualBox | VirtualBox | 12/01/2006 | VirtualBox
          linux,dummy-virt (DT) | - | linux,dummy-virt (DT) | - | - | - | KVM/QEMU
          IBM 3906 M04 704 (z/VM 7.1.0) | IBM | 3906 M04 704 (z/VM 7.1.0) | - | - | - | z/VM
          """)
  void decodesHardwareLine(
      String line,
      String vendor,
      String product,
      String board,
      String bios,
      String date,
      String hypervisor) {
    Hardware h = Hardware.parse("Hardware name: " + line).orElseThrow();
    assertThat(h.vendor()).as("vendor").isEqualTo(vendor);
    assertThat(h.product()).as("product").isEqualTo(product);
    assertThat(h.board()).as("board after '/'").isEqualTo(board);
    assertThat(h.bios()).as("bios version").isEqualTo(bios);
    assertThat(h.biosDate()).as("bios date").isEqualTo(date);
    assertThat(h.hypervisor()).as("hypervisor").isEqualTo(hypervisor);
    assertThat(h.virtual()).as("virtual iff a hypervisor").isEqualTo(hypervisor != null);
    assertThat(h.raw()).as("prefix stripped").isEqualTo(line.strip());
  }

  @org.junit.jupiter.api.Test
  void blankIsEmpty() {
    assertThat(Hardware.parse(null)).isEmpty();
    assertThat(Hardware.parse("Hardware name:   ")).isEmpty();
  }
}
