import os, csv
OUT='/tmp/g5/lab1'; PREV='/tmp/g5/lab1prev'
cols={
'header.csv':['CHILD','SEX','DOB','ETHNIC','UPN','MOTHER','MC_DOB'],
'episodes.csv':['CHILD','DECOM','RNE','LS','CIN','PLACE','PLACE_PROVIDER','DEC','REC','REASON_PLACE_CHANGE','HOME_POST','PL_POST','URN'],
'reviews.csv':['CHILD','DOB','REVIEW','REVIEW_CODE'],
'uasc.csv':['CHILD','SEX','DOB','DUC'],
'oc2.csv':['CHILD','DOB','SDQ_SCORE','SDQ_REASON','CONVICTED','HEALTH_CHECK','IMMUNISATIONS','TEETH_CHECK','HEALTH_ASSESSMENT','SUBSTANCE_MISUSE','INTERVENTION_RECEIVED','INTERVENTION_OFFERED'],
'oc3.csv':['CHILD','DOB','IN_TOUCH','ACTIV','ACCOM'],
'ad1.csv':['CHILD','DOB','DATE_INT','DATE_MATCH','FOSTER_CARE','NB_ADOPTR','SEX_ADOPTR','LS_ADOPTR'],
'placed_for_adoption.csv':['CHILD','DOB','DATE_PLACED','DATE_PLACED_CEASED','REASON_PLACED_CEASED'],
'previous_permanence.csv':['CHILD','DOB','PREV_PERM','LA_PERM','DATE_PERM'],
'missing.csv':['CHILD','DOB','MISSING','MIS_START','MIS_END'],
'sw_episodes.csv':['CHILD','DOB','SW_ID','SW_DECOM','SW_DEC','SW_REASON'],
'DoLo.csv':['CHILD','DOB','DOLO_START','DOLO_END'],
}
T={k:[] for k in cols}; P={k:[] for k in cols}
DOB='01/01/2010'
def H(c,dob=DOB,sex='M',tab=T): tab['header.csv'].append(dict(CHILD=c,SEX=sex,DOB=dob,ETHNIC='WBRI',UPN='UN1'))
def E(c,decom,rne='S',dec='',rec='',ls='C2',place='U1',prov='PR1',rpc='',tab=T):
    if dec and not rec: rec='E8'
    if not dec: rec=''
    tab['episodes.csv'].append(dict(CHILD=c,DECOM=decom,RNE=rne,LS=ls,CIN='N1',PLACE=place,PLACE_PROVIDER=prov,DEC=dec,REC=rec,REASON_PLACE_CHANGE=rpc,HOME_POST='AB1 2CD',PL_POST='AB1 2CE',URN=''))
def R(tab,**kw): T[tab].append(kw)
def std(c,dob=DOB,decom='01/05/2025',rne='S'):
    H(c,dob); E(c,decom,rne)
# PrevPerm
def pp(c,perm,la,dt,decom='01/05/2025',rne='S',eps=True):
    H(c)
    if eps: E(c,decom,rne)
    R('previous_permanence.csv',CHILD=c,DOB=DOB,PREV_PERM=perm,LA_PERM=la,DATE_PERM=dt)
pp('P01','P1','316','01/01/2020'); pp('P02','P1','316','01/06/2025'); pp('P03','P2','316','zz/05/2019')
pp('P04','P3','316','zz/zz/2019'); pp('P05','P4','316','32/01/2019'); pp('P06','P1','316','2019-01-01')
pp('P07','P1','999','01/01/2020'); pp('P08','P1','ABC','01/01/2020'); pp('P09','P1','','')
pp('P10','Z1','316',''); pp('P11','Z1','','01/01/2020'); pp('P12','P1','316','01/01/2010',decom='01/05/2015')
H('P13'); E('P13','01/05/2015','S','01/05/2025','X1'); E('P13','01/05/2025','P'); R('previous_permanence.csv',CHILD='P13',DOB=DOB,PREV_PERM='P1',LA_PERM='316',DATE_PERM='01/01/2010')
pp('P14','Z1','',''); pp('P15','','',''); pp('P16','P1','316','01/01/2019',decom='01/05/2020'); pp('P17','P1','316','01/01/2020',rne='P')
pp('P18','P1','316','01/05/2025'); pp('P19','P1','316','01/01/2020',eps=False)
pp('P20','P1','316','zz/06/2025'); pp('P21','P1','316','zz/zz/2025'); pp('P22','P1','316','01/05/2016',decom='01/04/2016')
pp('P23','P1','316','01/01/2020',decom='31/03/2016')
for i,la in enumerate(['201','202','800','940','941','942','943','944','945','946','WAL','SCO','NIR','NUK','XXX','0316','316.0','101','420','935','936','937','938','939','887','888','889','890','891','892','893','894','895','896','908','909','919','921','925','926','928','929','931','933','930','932','934','950','951','999']):
    pp('L%02d'%i,'P1',la,'01/01/2020')
# 1003
def pa(c,dps,eps):
    H(c)
    for e in eps: E(c,*e)
    for dp in dps: R('placed_for_adoption.csv',CHILD=c,DOB=DOB,DATE_PLACED=dp,DATE_PLACED_CEASED='',REASON_PLACED_CEASED='')
pa('A01',['01/04/2025'],[('01/05/2025','S')]); pa('A02',['01/05/2025'],[('01/05/2025','S')])
pa('A03',['01/01/2025'],[('01/05/2024','S','01/06/2024','E11'),('01/05/2025','S')])
pa('A04',['01/01/2025'],[('01/05/2025','L')]); pa('A05',['01/01/2025','01/06/2025'],[('01/05/2025','S')]); pa('A06',['xx'],[('01/05/2025','S')])
pa('A07',['01/01/2025'],[('01/05/2025','S'),('01/05/2024','S','01/06/2024','E11')])
# missing
def ms(c,m,s,e):
    std(c); R('missing.csv',CHILD=c,DOB=DOB,MISSING=m,MIS_START=s,MIS_END=e)
ms('M01','','01/06/2025','02/06/2025'); ms('M02','m','01/06/2025','02/06/2025'); ms('M03','M','31/02/2025','02/06/2025')
ms('M04','A','01/06/2025','abc'); ms('M05','A','01/06/2025','2025-06-02'); ms('M06','A','01/06/2025','')
H('E01'); E('E01','01/05/2025','S',rpc='close')
for i,(pl,ls) in enumerate([('K3','C2'),('Z11','C2'),('Z12','C2'),('Z13','C2'),('Z14','C2'),('H5','C2'),('A3','C2'),('U1','C2'),('R1','V3'),('R1','C2'),('P2','C2')]):
    H('F%02d'%i); E('F%02d'%i,'01/05/2025','S',place=pl,ls=ls,prov='PR1')
# OC3
def oc(c,dob,eps,oc3=('YES','F1','B1'),uasc=None,prev=()):
    H(c,dob)
    for e in eps: E(c,*e)
    for e in prev: E(c,*e,tab=P)
    if prev: H(c,dob,tab=P)
    if oc3 is not None: R('oc3.csv',CHILD=c,DOB=dob,IN_TOUCH=oc3[0],ACTIV=oc3[1],ACCOM=oc3[2])
    if uasc: R('uasc.csv',CHILD=c,SEX='M',DOB=dob,DUC=uasc)
oc('O01','10/06/2006',[('01/01/2021','S','01/05/2025','E2')])
oc('O03','10/06/2006',[('01/01/2021','S','01/05/2025','E3')])
oc('O04','10/06/2006',[('01/01/2021','S','01/03/2025','E3'),('01/04/2025','S','01/05/2025','E8')])
oc('O05','10/06/2008',[('01/01/2023','S')])
oc('O06','10/06/2007',[('01/01/2023','S','01/09/2025','E8')])
oc('O07','10/06/2008',[('01/01/2023','S','01/05/2025','E8')])
oc('O08','10/06/2008',[('01/01/2023','S','10/06/2025','E8')])
oc('O09','10/06/2006',[('01/01/2021','S','01/05/2024','E8')],uasc='01/01/2024')
oc('O10','10/06/2006',[('01/01/2021','S')],uasc='01/01/2024')
oc('O11','10/06/2008',[('01/01/2022','S','01/05/2025','E8')],oc3=('YES','F1','Z1'))
oc('O12','10/06/2006',[('01/01/2021','S','01/05/2024','E8')],oc3=('YES','F1','Z1'))
oc('O13','10/06/2008',[('01/01/2022','S','01/05/2025','E8')],oc3=('YES','F1','Z2'))
oc('O14','10/06/2008',[],oc3=('YES','F1','Z1'))
oc('O15','10/06/2008',[('01/01/2022','S','01/05/2025','E8')])
oc('O16','10/06/2008',[('01/01/2025','S','01/02/2025','E8')])
oc('O17','10/06/2008',[])
R('reviews.csv',CHILD='O17',DOB='10/06/2008',REVIEW='01/06/2025',REVIEW_CODE='PN1'); R('uasc.csv',CHILD='O17',SEX='M',DOB='10/06/2008',DUC='01/01/2026')
R('sw_episodes.csv',CHILD='O17',DOB='10/06/2008',SW_ID='SW1',SW_DECOM='01/04/2025',SW_DEC='',SW_REASON=''); R('DoLo.csv',CHILD='O17',DOB='10/06/2008',DOLO_START='01/05/2025',DOLO_END='')
oc('O18','10/06/2006',[],prev=[('01/01/2024','S')])
oc('O19','10/06/2006',[('01/01/2021','S','01/05/2025','E2')],oc3=('','',''))
oc('O20','10/06/2006',[('01/01/2021','S','01/05/2025','E2')],oc3=('DIED','',''))
oc('O21','10/06/2008',[('01/01/2023','S','01/09/2025','E8')])
oc('O22','10/06/2005',[('01/01/2021','S','01/05/2024','E8')],uasc='01/01/2024')
oc('O23','10/06/2006',[('01/01/2021','S','01/05/2025','E2')],prev=[('01/01/2021','S')])
oc('O24','10/06/2006',[],prev=[('01/01/2021','S','01/03/2025','E8')])
oc('O25','10/06/2008',[],prev=[('01/01/2022','S','01/03/2025','E8')])
# NoE
H('N01'); E('N01','01/01/2025','S')
H('N02'); E('N02','01/05/2025','S')
H('N03'); E('N03','01/01/2025','S'); H('N03',tab=P); E('N03','01/01/2025','S',tab=P)
H('N04'); E('N04','01/01/2025','S','01/02/2025'); E('N04','01/05/2025','S')
# INT
E('I01','01/05/2025','S')
for f in ['ad1.csv','placed_for_adoption.csv','missing.csv','oc2.csv','oc3.csv','previous_permanence.csv','reviews.csv','uasc.csv']:
    pass
def allt(c,dob,sex='M'):
    R('ad1.csv',CHILD=c,DOB=dob,DATE_INT='01/05/2025',DATE_MATCH='01/05/2025',FOSTER_CARE='0',NB_ADOPTR='1',SEX_ADOPTR='M1',LS_ADOPTR='L0')
    R('placed_for_adoption.csv',CHILD=c,DOB=dob,DATE_PLACED='01/06/2025')
    R('missing.csv',CHILD=c,DOB=dob,MISSING='M',MIS_START='01/06/2025',MIS_END='02/06/2025')
    R('oc2.csv',CHILD=c,DOB=dob,SDQ_SCORE='10',CONVICTED='0',HEALTH_CHECK='1',IMMUNISATIONS='1',TEETH_CHECK='1',HEALTH_ASSESSMENT='1',SUBSTANCE_MISUSE='0')
    R('oc3.csv',CHILD=c,DOB=dob,IN_TOUCH='YES',ACTIV='F1',ACCOM='B1')
    R('previous_permanence.csv',CHILD=c,DOB=dob,PREV_PERM='Z1')
    R('reviews.csv',CHILD=c,DOB=dob,REVIEW='01/06/2025',REVIEW_CODE='PN1')
    R('uasc.csv',CHILD=c,SEX=sex,DOB=dob,DUC='01/01/2026')
allt('I01',DOB)
H('I02',DOB,'M'); E('I02','01/05/2025'); allt('I02','02/01/2010','M')
H('I03',DOB,'M'); E('I03','01/05/2025'); allt('I03','1/1/2010','1')
H('I04',DOB,'F'); E('I04','01/05/2025'); allt('I04','','M')
H('I06','','F'); E('I06','01/05/2025'); allt('I06','','')
H('I07','bad','F'); E('I07','01/05/2025'); allt('I07','bad','f')
H('I05'); H('I05'); E('I05','01/05/2025'); allt('I05',DOB); allt('I05',DOB)
H('I08'); H('I08','02/02/2010','F'); E('I08','01/05/2025'); allt('I08','02/02/2010','F')
# SW
def sw(c,rows,eps=(('01/05/2024','S'),)):
    H(c)
    for e in eps: E(c,*e)
    for r in rows:
        r=list(r)+['']*(4-len(r))
        R('sw_episodes.csv',CHILD=c,DOB=DOB,SW_ID=r[0],SW_DECOM=r[1],SW_DEC=r[2],SW_REASON=r[3])
sw('S01',[('SW1','01/04/2025')]); sw('S02',[('XX1','01/04/2025')]); sw('S03',[('sw1','01/04/2025')]); sw('S04',[('AB1','01/04/2025')]); sw('S05',[('','01/04/2025')])
sw('S06',[('SW1','abc')]); sw('S07',[('SW1','')]); sw('S08',[('SW1','01/04/2025','31/02/2026')])
sw('S09',[('SW1','01/04/2026')]); sw('S10',[('SW1','01/01/2024')]); sw('S11',[('SW1','01/04/2025','01/04/2026')])
sw('S12',[('SW1','01/04/2025'),('SW2','01/06/2025')])
for k,dd in [('a','01/05/2025'),('b','02/05/2025'),('c','03/05/2025'),('d','08/05/2025'),('e','05/05/2025')]:
    sw('S13'+k,[('SW1','01/04/2025','01/05/2025'),('SW1','01/05/2025',dd),('SW2',dd)])
sw('S14',[('SW1','01/04/2025','01/07/2025'),('SW2','01/06/2025')])
sw('S15',[('SW1','01/04/2025','01/06/2025'),('SW2','01/07/2025')])
sw('S16',[('SW1','01/04/2025','01/06/2025'),('SW2','05/06/2025')])
sw('S16b',[('SW1','01/04/2025','01/06/2025'),('SW2','08/06/2025')])
sw('S16c',[('SW1','01/04/2025','01/06/2025'),('SW2','09/06/2025')])
sw('S17',[('SW1','01/04/2025','01/07/2025'),('SW2','01/06/2025','','FCONTA')])
sw('S17b',[('SW1','01/04/2025',''),('SW2','01/06/2025','','FCONTA')])
sw('S18',[('SW1','01/04/2025','01/06/2025')])
sw('S19',[('SW1','01/06/2025','01/05/2025')])
sw('S20',[('SW1','01/04/2025','01/06/2025'),('SW2','01/04/2025')])
sw('S21a',[('SW1','01/04/2025','','PCCHAN')]); sw('S21b',[('SW1','01/04/2025','','XYZ')]); sw('S21c',[('SW1','01/04/2025','','fconta')]); sw('S21d',[('SW1','01/04/2025','','MANAGE')])
sw('S22',[('SW1','01/10/2025')]); sw('S23',[('SW1','01/04/2025')],eps=(('01/10/2025','S'),)); sw('S24',[])
sw('S25',[('SW1','01/10/2025')],eps=(('01/05/2024','S','01/12/2025'),))
sw('S26',[('SW1','01/04/2025','31/03/2026')]); sw('S27',[('SW1','01/04/2025','30/03/2026')])
sw('S28',[('SW1','01/03/2025')]); sw('S29',[('SW1','31/03/2025','01/05/2025'),('SW2','01/05/2025')])
sw('S30',[('SW1','01/04/2025','01/05/2025'),('SW2','01/05/2025','01/06/2025')])
sw('S31',[('SW1','01/04/2025')],eps=(('01/05/2024','S','01/12/2025'),))
sw('S32',[('SW1','01/04/2025')],eps=(('01/05/2024','S','01/12/2025'),('01/12/2025','P')))
sw('S33',[('SW1','02/04/2025')],eps=(('01/05/2024','S'),))
sw('S34',[('SW1','01/04/2025','01/06/2025'),('SW2','01/06/2025','01/07/2025'),('SW3','01/07/2025')])
for d,tab in [(OUT,T),(PREV,P)]:
    os.makedirs(d,exist_ok=True)
    for f,cs in cols.items():
        with open(os.path.join(d,f),'w',newline='') as fh:
            w=csv.DictWriter(fh,cs,lineterminator='\n'); w.writeheader()
            for r in tab[f]: w.writerow({k:r.get(k,'') for k in cs})
